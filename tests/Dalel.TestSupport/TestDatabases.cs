using Dalel.Core.Storage;
using Npgsql;

namespace Dalel.TestSupport;

/// <summary>
/// The databases tests run against. PostgreSQL comes from DALEL_TEST_POSTGRES (set by .ci/run); each test gets a
/// schema of its own. Without it, PostgreSQL cases are skipped locally and fail on CI, so CI cannot silently drop them.
/// </summary>
public static class TestDatabases
{
    public static TheoryData<Provider> Both => [Provider.Sqlite, Provider.Postgres];

    public static string? PostgresServer => Environment.GetEnvironmentVariable("DALEL_TEST_POSTGRES");

    /// <summary>A connection string to a fresh, empty schema; dropped by the returned cleanup.</summary>
    public static (string ConnectionString, Action Drop) NewPostgresSchema()
    {
        var server = PostgresServer;
        if (string.IsNullOrEmpty(server))
        {
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail("DALEL_TEST_POSTGRES is not set on CI: .ci/run must start PostgreSQL.");
            }

            Assert.Skip("PostgreSQL tests need DALEL_TEST_POSTGRES (see README).");
        }

        var schema = "t_" + Guid.NewGuid().ToString("N");
        using (var connection = new NpgsqlConnection(server))
        {
            connection.Open();
            using var create = new NpgsqlCommand($"CREATE SCHEMA {schema}", connection);
            create.ExecuteNonQuery();
        }

        var builder = new NpgsqlConnectionStringBuilder(server) { SearchPath = schema };
        return (builder.ConnectionString, () =>
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(server);
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP SCHEMA IF EXISTS {schema} CASCADE", connection);
            drop.ExecuteNonQuery();
        });
    }
}
