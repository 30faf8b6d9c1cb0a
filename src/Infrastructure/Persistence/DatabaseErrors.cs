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

    private static string? SqlState(Exception exception) => exception switch
    {
        PostgresException postgres => postgres.SqlState,
        { InnerException: PostgresException postgres } => postgres.SqlState,
        _ => null,
    };
}
