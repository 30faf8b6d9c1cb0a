using Npgsql;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>What a database failure means for the client, so that layers above need not know PostgreSQL's error codes.</summary>
public static class DatabaseErrors
{
    /// <summary>A unique key was already taken (PostgreSQL 23505), raised directly or inside an EF <c>DbUpdateException</c>.</summary>
    public static bool IsUniqueViolation(Exception exception) => SqlState(exception) == PostgresErrorCodes.UniqueViolation;

    /// <summary>A text value holds a character the database cannot store, such as NUL (PostgreSQL 22021 or 22P05).</summary>
    public static bool IsUnstorableCharacter(Exception exception) =>
        SqlState(exception) is PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter;

    /// <summary>
    /// The database cannot be reached or is shutting down (connection refused or broken, too many connections,
    /// PostgreSQL starting up or shutting down, the retries of the execution strategy used up): the request may
    /// succeed later, so the client is told to retry (503), not that the server failed.
    /// </summary>
    public static bool IsUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case PostgresException postgres:
                    // 08: connection exception; 53300 too many connections; 57P01-57P03 admin/crash shutdown, cannot connect now.
                    return postgres.SqlState.StartsWith("08", StringComparison.Ordinal) ||
                           postgres.SqlState is PostgresErrorCodes.TooManyConnections or PostgresErrorCodes.AdminShutdown
                               or PostgresErrorCodes.CrashShutdown or PostgresErrorCodes.CannotConnectNow;
                case NpgsqlException npgsql when npgsql.IsTransient:
                    return true;
                case System.Net.Sockets.SocketException or TimeoutException when e != exception || exception is NpgsqlException:
                    return true;
            }
        }

        return false;
    }

    private static string? SqlState(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState,
        { InnerException: PostgresException postgres } => postgres.SqlState,
        _ => null,
    };
}
