using System.Globalization;
using Npgsql;

namespace HccOutcomes.Benchmarks;

/// <summary>
/// PostgreSQL's cost of the two forms of a small write's multi-row upsert (BulkCopy.ValuesRows): one typed array per
/// column through <c>unnest</c>, or one parameter per value in a multi-row <c>VALUES</c>. It reads <c>--rows</c>
/// existing rows of <c>--table</c> and upserts them onto themselves, each time in its own transaction, rolled back;
/// the figure is the CPU time of the server process per statement (read from <c>/proc</c>, so the database must run on
/// this machine), less that of an empty transaction. Both statements are prepared; three rounds each, alternating.
/// </summary>
internal static class InsertFormsBenchmark
{
    internal static async Task<int> RunAsync(string[] args)
    {
        string? connection = null;
        var table = "patient_outcomes";
        var key = "patient_id";
        var rows = 5;
        var iterations = 1000;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--connection": connection = args[++i]; break;
                case "--table": table = args[++i]; break;
                case "--key": key = args[++i]; break;
                case "--rows": rows = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                case "--iterations": iterations = int.Parse(args[++i], CultureInfo.InvariantCulture); break;
                default: Console.Error.WriteLine($"unknown option {args[i]}"); return 2;
            }
        }

        if (connection is null)
        {
            Console.Error.WriteLine("--connection is required (a registry database with rows, e.g. one that put-benchmark.sh filled)");
            return 2;
        }

        await using var db = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(connection) { MaxAutoPrepare = 8 }.ConnectionString);
        await db.OpenAsync();
        var (columns, values) = await ReadRowsAsync(db, table, key, rows);
        int backend;
        await using (var pidQuery = new NpgsqlCommand("SELECT pg_backend_pid()", db))
        {
            backend = (int)(await pidQuery.ExecuteScalarAsync())!;
        }

        var names = string.Join(", ", columns.Select(c => $"\"{c.Name}\""));
        var update = $" ON CONFLICT (\"{key}\") DO UPDATE SET " +
                     string.Join(", ", columns.Where(c => c.Name != key).Select(c => $"\"{c.Name}\" = EXCLUDED.\"{c.Name}\""));
        var unnest = $"INSERT INTO \"{table}\" ({names}) SELECT * FROM unnest({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})" + update;
        var tuples = Enumerable.Range(0, values.Count)
            .Select(r => "(" + string.Join(", ", columns.Select((_, c) => $"${(r * columns.Count) + c + 1}")) + ")");
        var multiRow = $"INSERT INTO \"{table}\" ({names}) VALUES {string.Join(", ", tuples)}" + update;

        NpgsqlBatchCommand Unnest()
        {
            var command = new NpgsqlBatchCommand(unnest);
            for (var c = 0; c < columns.Count; c++)
            {
                var array = Array.CreateInstance(columns[c].ElementType, values.Count);
                for (var r = 0; r < values.Count; r++)
                {
                    array.SetValue(values[r][c] is DBNull ? null : values[r][c], r);
                }

                command.Parameters.Add(new NpgsqlParameter { Value = array, DataTypeName = columns[c].Type + "[]" });
            }

            return command;
        }

        NpgsqlBatchCommand Values()
        {
            var command = new NpgsqlBatchCommand(multiRow);
            foreach (var row in values)
            {
                for (var c = 0; c < columns.Count; c++)
                {
                    command.Parameters.Add(new NpgsqlParameter { Value = row[c], DataTypeName = columns[c].Type });
                }
            }

            return command;
        }

        Console.WriteLine($"{table}: {columns.Count} columns × {values.Count} rows, {iterations} statements per round; PostgreSQL CPU per statement");
        var empty = new List<double>();
        var results = new Dictionary<string, List<double>> { ["unnest"] = [], ["values"] = [] };
        for (var round = 0; round < 3; round++)
        {
            empty.Add(await TimeAsync(db, backend, iterations, null));
            results["unnest"].Add(await TimeAsync(db, backend, iterations, Unnest));
            results["values"].Add(await TimeAsync(db, backend, iterations, Values));
        }

        var baseline = empty.Min();
        foreach (var (form, times) in results)
        {
            Console.WriteLine($"  {form}: {string.Join(", ", times.Select(t => $"{t - baseline:F0}"))} µs");
        }

        Console.WriteLine($"  (an empty transaction: {string.Join(", ", empty.Select(t => $"{t:F0}"))} µs)");
        return 0;
    }

    private sealed record ColumnInfo(string Name, string Type, Type ElementType);

    private static async Task<(List<ColumnInfo> Columns, List<object[]> Rows)> ReadRowsAsync(NpgsqlConnection db, string table, string key, int count)
    {
        await using var command = new NpgsqlCommand($"SELECT * FROM \"{table}\" ORDER BY \"{key}\" LIMIT {count}", db);
        await using var reader = await command.ExecuteReaderAsync();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(i =>
        {
            var type = reader.GetFieldType(i);
            return new ColumnInfo(reader.GetName(i), reader.GetDataTypeName(i), type.IsValueType ? typeof(Nullable<>).MakeGenericType(type) : type);
        }).ToList();
        var rows = new List<object[]>();
        while (await reader.ReadAsync())
        {
            var row = new object[reader.FieldCount];
            reader.GetValues(row);
            rows.Add(row);
        }

        return (columns, rows);
    }

    // Mean server CPU per iteration, µs: utime + stime of the backend (clock ticks of 10 ms, hence many iterations).
    private static async Task<double> TimeAsync(NpgsqlConnection db, int backend, int iterations, Func<NpgsqlBatchCommand>? statement)
    {
        var before = BackendTicks(backend);
        for (var i = 0; i < iterations; i++)
        {
            await using var transaction = await db.BeginTransactionAsync();
            await using var batch = new NpgsqlBatch(db, transaction);
            // As the registry's small writes do: generic plans for the rest of the transaction.
            batch.BatchCommands.Add(new NpgsqlBatchCommand("SELECT set_config('plan_cache_mode', 'force_generic_plan', true)"));
            if (statement is not null)
            {
                batch.BatchCommands.Add(statement());
            }

            await batch.ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }

        return (BackendTicks(backend) - before) * 10_000.0 / iterations;
    }

    private static long BackendTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
    }
}
