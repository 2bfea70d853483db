using System.Data;
using System.Data.Common;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace Dalel.Core.Storage;

public enum Provider
{
    Sqlite,
    Postgres,
}

/// <summary>
/// The database handle: connections, transactions and the provider's SQL differences. It appends no audit entry itself;
/// organisation data is written through the door (<see cref="Door.Unsealed.Change"/>), which does.
/// Both providers use the same SQL apart from the schema files in Migrations/.
/// </summary>
public sealed class Database
{
    private readonly string _connectionString;

    /// <summary>SQLite connections already set up (their handles live as long as the pooled connection).</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = [];

    /// <summary>
    /// SQLite takes one writer at a time; writers of this process queue here instead of in SQLite's busy handler, which
    /// sleeps and retries in growing steps: under fifty concurrent reporters that made writes wait seconds, holding
    /// threads the other requests needed.
    /// </summary>
    private readonly Lock _sqliteWriter = new();

    public Database(Provider provider, string connectionString)
    {
        Provider = provider;
        _connectionString = connectionString;
    }

    public Provider Provider { get; }

    public static Database Sqlite(string file) => new(Provider.Sqlite, new SqliteConnectionStringBuilder
    {
        DataSource = file,
        Mode = SqliteOpenMode.ReadWriteCreate,
        Pooling = true,
        DefaultTimeout = 30,
    }.ToString());

    public static Database Postgres(string connectionString) => new(Provider.Postgres, connectionString);

    public DbConnection Open()
    {
        DbConnection connection = Provider == Provider.Sqlite
            ? new SqliteConnection(_connectionString)
            : new NpgsqlConnection(_connectionString);
        connection.Open();
        // Once per connection SQLite opens, not per use of a pooled one: four statements per request showed under load.
        if (connection is SqliteConnection sqlite && Configured.TryAdd(sqlite.Handle!, true))
        {
            // WAL lets readers go on during a write; busy_timeout waits instead of failing under contention;
            // secure_delete overwrites freed pages so deleted ciphertext does not linger in the file.
            connection.Execute(null, "PRAGMA journal_mode=WAL; PRAGMA busy_timeout=10000; PRAGMA foreign_keys=ON; PRAGMA secure_delete=ON;");
        }

        return connection;
    }

    public T Read<T>(Func<DbConnection, T> work)
    {
        using var connection = Open();
        return work(connection);
    }

    public T Write<T>(Func<DbConnection, DbTransaction, T> work)
    {
        if (Provider == Provider.Sqlite)
        {
            lock (_sqliteWriter)
            {
                return WriteNow(work);
            }
        }

        return WriteNow(work);
    }

    private T WriteNow<T>(Func<DbConnection, DbTransaction, T> work)
    {
        using var connection = Open();
        using var transaction = connection.BeginTransaction(IsolationLevel.ReadCommitted);
        var result = work(connection, transaction);
        transaction.Commit();
        return result;
    }

    /// <summary>
    /// The next value of a named counter. The UPDATE holds the counter's row lock until commit, so writers that
    /// take it commit in counter order: a node that reads "everything after N" never misses a slower writer.
    /// </summary>
    public static long Next(DbConnection connection, DbTransaction transaction, string counter) =>
        connection.Scalar<long>(transaction, "UPDATE counters SET value = value + 1 WHERE name = @name RETURNING value", ("name", counter));

    public void Migrate() => Migrator.Apply(this);
}
