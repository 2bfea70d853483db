using System.Data.Common;

namespace Dalel.Core.Storage;

/// <summary>
/// Applies the embedded SQL files of the provider in name order, each once, all pending ones in one transaction (on
/// PostgreSQL under an advisory lock, so two nodes starting at once do not both apply a script).
/// </summary>
internal static class Migrator
{
    public static void Apply(Database database)
    {
        var folder = database.Provider == Provider.Sqlite ? "migrations/sqlite/" : "migrations/postgres/";
        var assembly = typeof(Migrator).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(folder, StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();

        database.Write((connection, transaction) =>
        {
            if (database.Provider == Provider.Postgres)
            {
                // Two nodes starting at once must not both apply the same script.
                connection.Execute(transaction, "SELECT pg_advisory_xact_lock(7130001)");
            }

            connection.Execute(transaction, "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY)");
            var applied = connection.Query(transaction, "SELECT version FROM schema_migrations", r => r.GetString(0)).ToHashSet();
            foreach (var script in scripts)
            {
                var version = script[folder.Length..];
                if (applied.Contains(version))
                {
                    continue;
                }

                using var stream = assembly.GetManifestResourceStream(script)!;
                using var reader = new StreamReader(stream);
                RunScript(connection, transaction, reader.ReadToEnd());
                connection.Execute(transaction, "INSERT INTO schema_migrations (version) VALUES (@v)", ("v", version));
            }

            return Done.Value;
        });
    }

    private static void RunScript(DbConnection connection, DbTransaction transaction, string script)
    {
        foreach (var statement in script.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            connection.Execute(transaction, statement);
        }
    }
}
