using System.Linq.Expressions;
using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Query;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace HccOutcomes.Infrastructure.Persistence;

/// <summary>
/// Set-based inserts with PostgreSQL binary COPY, driven by the EF model so that table names, column
/// names, value converters (enums as text, lists as JSON) and store types are exactly those of the
/// migrations. One COPY per table instead of one round trip per row.
/// </summary>
public static class BulkCopy
{
    /// <summary>Copies <paramref name="rows"/> into the table of <typeparamref name="T"/> on the context's open connection.</summary>
    public static Task<ulong> CopyAsync<T>(DbContext db, IReadOnlyCollection<T> rows, CancellationToken cancellationToken)
        where T : class =>
        CopyIntoAsync(db, rows, db.Model.FindEntityType(typeof(T))!.GetTableName()!, cancellationToken);

    /// <summary>
    /// Inserts or updates <paramref name="rows"/> by primary key: COPY into a transaction-scoped staging
    /// table, then one <c>INSERT … ON CONFLICT (key) DO UPDATE</c>. Updating in place (rather than delete and
    /// re-insert) keeps row locks meaningful for concurrent writers. <paramref name="keep"/> names columns that an
    /// update must not change (e.g. <c>created_at</c>). Must run inside a transaction.
    /// </summary>
    public static async Task UpsertAsync<T>(DbContext db, IReadOnlyCollection<T> rows, IReadOnlySet<string> keep, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return;
        }

        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        var staging = $"staging_{table}";
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var create = new NpgsqlCommand(
            $"CREATE TEMP TABLE IF NOT EXISTS \"{staging}\" (LIKE \"{table}\" INCLUDING DEFAULTS) ON COMMIT DROP; TRUNCATE \"{staging}\"", connection))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyIntoAsync(db, rows, staging, cancellationToken);
        var names = Columns<T>(db).Select(c => $"\"{c.Name}\"").ToList();
        await using var merge = new NpgsqlCommand(
            $"INSERT INTO \"{table}\" ({string.Join(", ", names)}) SELECT {string.Join(", ", names)} FROM \"{staging}\" " + OnConflict<T>(db, keep),
            connection);
        await merge.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// One multi-row <c>INSERT … SELECT * FROM unnest($1, $2, …)</c> (with <c>ON CONFLICT (key) DO UPDATE</c> when
    /// <paramref name="keep"/> is given), one typed array parameter per column, for writes too small to be worth a COPY.
    /// The SQL text depends only on the table, not on the row count, so Npgsql's automatic preparation makes
    /// PostgreSQL parse and plan it once per connection, and a table costs one statement however many rows it gets.
    /// </summary>
    internal static NpgsqlBatchCommand InsertCommand<T>(DbContext db, IReadOnlyCollection<T> rows, IReadOnlySet<string>? keep)
        where T : class
    {
        var columns = Columns<T>(db);
        var command = new NpgsqlBatchCommand(InsertSql<T>(db, columns, keep));
        foreach (var column in columns)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = column.ReadAll(rows), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Array | column.DbType });
        }

        return command;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(Type, IReadOnlySet<string>?), string> InsertSqlCache = new();

    private static string InsertSql<T>(DbContext db, Column[] columns, IReadOnlySet<string>? keep) =>
        InsertSqlCache.GetOrAdd((typeof(T), keep), _ =>
            InsertStatement<T>(db, columns, $"SELECT * FROM unnest({string.Join(", ", columns.Select((_, i) => $"${i + 1}"))})", keep));

    // INSERT INTO table (columns) <rows>, with the upsert clause when keep is given.
    private static string InsertStatement<T>(DbContext db, Column[] columns, string rows, IReadOnlySet<string>? keep)
    {
        var table = db.Model.FindEntityType(typeof(T))!.GetTableName()!;
        var sql = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) {rows}";
        return keep is null ? sql : sql + " " + OnConflict<T>(db, keep);
    }

    // ON CONFLICT on the primary key, updating every other column but those in keep.
    private static string OnConflict<T>(DbContext db, IReadOnlySet<string> keep)
    {
        var entityType = db.Model.FindEntityType(typeof(T))!;
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var key = entityType.FindPrimaryKey()!.Properties.Select(p => p.GetColumnName(table)!).ToHashSet();
        return $"ON CONFLICT ({string.Join(", ", key.Select(k => $"\"{k}\""))}) DO UPDATE SET " +
               string.Join(", ", Columns<T>(db).Where(c => !key.Contains(c.Name) && !keep.Contains(c.Name)).Select(c => $"\"{c.Name}\" = EXCLUDED.\"{c.Name}\""));
    }

    private static async Task<ulong> CopyIntoAsync<T>(DbContext db, IReadOnlyCollection<T> rows, string table, CancellationToken cancellationToken)
        where T : class
    {
        if (rows.Count == 0)
        {
            return 0;
        }

        var columns = Columns<T>(db);
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        var sql = $"COPY \"{table}\" ({string.Join(", ", columns.Select(c => $"\"{c.Name}\""))}) FROM STDIN (FORMAT BINARY)";

        await using var importer = await connection.BeginBinaryImportAsync(sql, cancellationToken);
        foreach (var row in rows)
        {
            // Synchronous writes: they only fill Npgsql's buffer, which flushes itself when full.
            importer.StartRow();
            foreach (var column in columns)
            {
                var value = column.Read(row);
                if (value is null)
                {
                    importer.WriteNull();
                }
                else
                {
                    importer.Write(value, column.DbType);
                }
            }
        }

        return await importer.CompleteAsync(cancellationToken);
    }

    // Read: one row's provider value (after the value converter), boxed, for COPY. ReadAll: the column of many rows as
    // a typed array (nullable element type for value types), for the multi-row INSERT. Both are compiled once per
    // column from the EF model (property access and converter expression), not reflection per value.
    private sealed record Column(string Name, NpgsqlTypes.NpgsqlDbType DbType, Func<object, object?> Read, Func<IEnumerable<object>, Array> ReadAll);

    private static readonly Dictionary<Type, Column[]> Cache = [];
    private static readonly Lock CacheLock = new();

    private static Column[] Columns<T>(DbContext db)
    {
        lock (CacheLock)
        {
            if (Cache.TryGetValue(typeof(T), out var cached))
            {
                return cached;
            }
        }

        var entityType = db.Model.FindEntityType(typeof(T)) ?? throw new InvalidOperationException($"{typeof(T)} is not mapped.");
        var table = StoreObjectIdentifier.Table(entityType.GetTableName()!, entityType.GetSchema());
        var columns = new List<Column>();
        foreach (var property in entityType.GetProperties())
        {
            if (property.IsConcurrencyToken && property.ValueGenerated != ValueGenerated.Never)
            {
                continue; // xmin: a system column
            }

            if (property.GetValueGenerationStrategy(table) is NpgsqlValueGenerationStrategy.IdentityAlwaysColumn)
            {
                continue; // the database numbers the row (an audit entry's sequence number)
            }

            columns.Add(ToColumn(property, table, typeof(T), null));
        }

        foreach (var complex in entityType.GetComplexProperties())
        {
            foreach (var property in complex.ComplexType.GetProperties())
            {
                columns.Add(ToColumn(property, table, typeof(T), complex.PropertyInfo!));
            }
        }

        var result = columns.ToArray();
        lock (CacheLock)
        {
            Cache[typeof(T)] = result;
        }

        return result;
    }

    // The store types our migrations use; an unknown one is a mapping bug, found by the first test that writes it.
    private static NpgsqlTypes.NpgsqlDbType ToDbType(string storeType) => storeType switch
    {
        "uuid" => NpgsqlTypes.NpgsqlDbType.Uuid,
        "character varying" => NpgsqlTypes.NpgsqlDbType.Varchar,
        "text" => NpgsqlTypes.NpgsqlDbType.Text,
        "date" => NpgsqlTypes.NpgsqlDbType.Date,
        "integer" => NpgsqlTypes.NpgsqlDbType.Integer,
        "double precision" => NpgsqlTypes.NpgsqlDbType.Double,
        "boolean" => NpgsqlTypes.NpgsqlDbType.Boolean,
        "timestamp with time zone" => NpgsqlTypes.NpgsqlDbType.TimestampTz,
        "json" => NpgsqlTypes.NpgsqlDbType.Json,
        "jsonb" => NpgsqlTypes.NpgsqlDbType.Jsonb,
        _ => throw new NotSupportedException($"Bulk copy does not map the store type '{storeType}'."),
    };

    private static Column ToColumn(IProperty property, StoreObjectIdentifier table, Type entityType, PropertyInfo? owner)
    {
        var converter = property.GetTypeMapping().Converter;
        var storeType = property.GetColumnType();
        // varchar(n) → varchar: the binary writer wants the base type name.
        var paren = storeType.IndexOf('(', StringComparison.Ordinal);
        if (paren > 0)
        {
            storeType = storeType[..paren].Trim();
        }

        var providerType = converter?.ProviderClrType ?? property.ClrType;
        var elementType = providerType.IsValueType && Nullable.GetUnderlyingType(providerType) is null
            ? typeof(Nullable<>).MakeGenericType(providerType)
            : providerType;

        // row => ((T)row).[Owner.]Property, converted to the provider type; null stays null (EF converters never see null).
        var row = Expression.Parameter(typeof(object), "row");
        var entity = Expression.Convert(row, entityType);
        var ownerValue = owner is null ? null : Expression.Variable(owner.PropertyType, "owner");
        var value = Expression.Property((Expression?)ownerValue ?? entity, property.PropertyInfo!);
        var provided = converter is null ? Expression.Convert(value, elementType) : Convert(value, converter, elementType);
        var body = ownerValue is null
            ? provided
            : Expression.Block(
                elementType,
                [ownerValue],
                Expression.Assign(ownerValue, Expression.Property(entity, owner!)),
                owner!.PropertyType.IsValueType
                    ? provided
                    : Expression.Condition(Expression.Equal(ownerValue, Expression.Constant(null, owner.PropertyType)), Expression.Default(elementType), provided));

        var typed = Expression.Lambda(typeof(Func<,>).MakeGenericType(typeof(object), elementType), body, row).Compile();
        var boxed = Expression.Lambda<Func<object, object?>>(Expression.Convert(body, typeof(object)), row).Compile();
        var readAll = (Func<IEnumerable<object>, Array>)FillMethod.MakeGenericMethod(elementType).CreateDelegate(typeof(Func<IEnumerable<object>, Array>), typed);
        return new Column(property.GetColumnName(table)!, ToDbType(storeType), boxed, readAll);
    }

    // The converter's own expression, inlined; applied to the non-null value only.
    private static Expression Convert(Expression value, ValueConverter converter, Type elementType)
    {
        var lambda = converter.ConvertToProviderExpression;
        Expression Apply(Expression v) => Expression.Convert(
            ReplacingExpressionVisitor.Replace(lambda.Parameters[0], Expression.Convert(v, converter.ModelClrType), lambda.Body), elementType);

        if (Nullable.GetUnderlyingType(value.Type) is not null)
        {
            return Expression.Condition(Expression.Property(value, "HasValue"), Apply(Expression.Property(value, "Value")), Expression.Default(elementType));
        }

        return value.Type.IsValueType
            ? Apply(value)
            : Expression.Condition(Expression.Equal(value, Expression.Constant(null, value.Type)), Expression.Default(elementType), Apply(value));
    }

    private static readonly MethodInfo FillMethod = typeof(BulkCopy).GetMethod(nameof(Fill), BindingFlags.NonPublic | BindingFlags.Static)!;

    // Closed over the compiled getter (first argument) by CreateDelegate.
    private static Array Fill<TElement>(Func<object, TElement> read, IEnumerable<object> rows)
    {
        var values = new TElement[rows is IReadOnlyCollection<object> c ? c.Count : rows.Count()];
        var i = 0;
        foreach (var row in rows)
        {
            values[i++] = read(row);
        }

        return values;
    }
}
