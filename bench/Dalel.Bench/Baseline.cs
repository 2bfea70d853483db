using Microsoft.Data.Sqlite;
using Dalel.Core.Cases;

namespace Dalel.Bench;

/// <summary>
/// The comparison Dalel must not lose to: the same cases as plaintext rows in SQLite, normalised with indexes,
/// and the same cross-tab as a GROUP BY. It shows what keeping cases encrypted at rest costs at query time.
/// </summary>
internal sealed class Baseline : IDisposable
{
    private readonly SqliteConnection _connection;

    private Baseline(string file)
    {
        _connection = new SqliteConnection($"Data Source={file};Pooling=false");
        _connection.Open();
    }

    public static Baseline Create(string file)
    {
        var baseline = new Baseline(file);
        baseline.Execute("""
            PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF;
            CREATE TABLE cases (id TEXT PRIMARY KEY, year INTEGER, region TEXT);
            CREATE TABLE perpetrators (case_id TEXT, type TEXT);
            CREATE TABLE violations (case_id TEXT, code TEXT);
            """);
        return baseline;
    }

    public static Baseline Open(string file) => new(file);

    public void Add(IEnumerable<CaseRecord> records)
    {
        using var transaction = _connection.BeginTransaction();
        using var addCase = Command("INSERT INTO cases VALUES ($id, $year, $region)", "$id", "$year", "$region");
        using var addPerpetrator = Command("INSERT INTO perpetrators VALUES ($id, $type)", "$id", "$type");
        using var addViolation = Command("INSERT INTO violations VALUES ($id, $code)", "$id", "$code");
        foreach (var r in records)
        {
            var id = r.Id.ToString("N");
            Run(addCase, id, r.Date.From.Year, r.Place.Region);
            foreach (var type in r.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type).Distinct())
            {
                Run(addPerpetrator, id, type);
            }

            foreach (var code in r.Acts.SelectMany(a => a.Violations).Distinct())
            {
                Run(addViolation, id, code);
            }
        }

        transaction.Commit();
    }

    public void Index() => Execute("""
        CREATE INDEX cases_year ON cases (year, id);
        CREATE INDEX perpetrators_case ON perpetrators (case_id, type);
        CREATE INDEX violations_code ON violations (code, case_id);
        ANALYZE;
        """);

    public List<(string Region, string Perpetrator, int Count)> CrossTab()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = """
            SELECT c.region, p.type, COUNT(DISTINCT c.id)
            FROM cases c
            JOIN violations v ON v.case_id = c.id AND v.code = 'police_violence'
            JOIN perpetrators p ON p.case_id = c.id
            WHERE c.year = 2024
            GROUP BY c.region, p.type
            """;
        using var reader = command.ExecuteReader();
        var rows = new List<(string, string, int)>();
        while (reader.Read())
        {
            rows.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }

        return rows;
    }

    private SqliteCommand Command(string sql, params string[] parameters)
    {
        var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var p in parameters)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = p });
        }

        return command;
    }

    private static void Run(SqliteCommand command, params object?[] values)
    {
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        command.ExecuteNonQuery();
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    public void Dispose() => _connection.Dispose();
}
