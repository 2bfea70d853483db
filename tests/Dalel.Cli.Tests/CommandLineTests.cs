using Dalel.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dalel.Cli.Tests;

public sealed class CommandLineTests
{
    private const string CaseLine = """{"format":"dalel.case/v1","case":{"id":"0d4f8f1e-1111-4c38-9d51-1f1d0e7a0001","organisationId":"ORG","title":"Отказ в регистрации","narrative":"Департамент юстиции отказал.","date":{"precision":"month","from":"2024-02-01","to":"2024-02-29"},"place":{"country":"KZ","region":"astana"},"status":"verified","victims":[{"id":"0d4f8f1e-2222-4c38-9d51-1f1d0e7a0001","codeName":"G-1","consents":[{"use":"anonymous_statistics","granted":true,"date":"2024-03-01","method":"written"}]}],"acts":[{"id":"0d4f8f1e-3333-4c38-9d51-1f1d0e7a0001","victimId":"0d4f8f1e-2222-4c38-9d51-1f1d0e7a0001","violations":["ngo_registration_denied"],"perpetrators":[{"type":"registration_service","count":1}]}],"createdAt":"2024-03-01T10:00:00+00:00","updatedAt":"2024-03-01T10:00:00+00:00"},"identities":[{"victimId":"0d4f8f1e-2222-4c38-9d51-1f1d0e7a0001","fullName":"Инициатива Радуга"}]}""";

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Cases_exported_and_imported_into_a_new_instance_come_back_identical(Provider provider)
    {
        using var first = new DalelProcess(provider);
        var org = first.Init();
        var input = Path.Combine(first.Data, "input.jsonl");
        File.WriteAllText(input, CaseLine.Replace("ORG", org, StringComparison.Ordinal) + "\n");
        Assert.Contains("Imported 1 new cases, replaced 0.", first.Ok("import", "cases", input).Out, StringComparison.Ordinal);
        var exported = Path.Combine(first.Data, "exported.jsonl");
        Assert.Contains("NOT encrypted", first.Ok("export", "cases", "--out", exported).Err, StringComparison.Ordinal);

        using var second = new DalelProcess(provider);
        var org2 = second.Init();
        second.Ok("import", "cases", exported, "--org", org2);
        var again = Path.Combine(second.Data, "again.jsonl");
        second.Ok("export", "cases", "--out", again);

        Assert.Equal(File.ReadAllText(exported).Replace(org, org2, StringComparison.Ordinal), File.ReadAllText(again));
        Assert.Contains("Инициатива Радуга", File.ReadAllText(again), StringComparison.Ordinal);

        // New keys for everything; the same export afterwards.
        Assert.Contains("re-sealed", second.Ok("keys", "rotate").Out, StringComparison.Ordinal);
        var rotated = Path.Combine(second.Data, "rotated.jsonl");
        second.Ok("export", "cases", "--out", rotated);
        Assert.Equal(File.ReadAllText(again), File.ReadAllText(rotated));
        File.Delete(rotated);
        Assert.Contains("Audit log intact", second.Ok("audit", "verify").Out, StringComparison.Ordinal);
        foreach (var file in new[] { input, exported, again })
        {
            File.Delete(file);
        }
    }

    [Fact]
    public void A_malformed_line_is_reported_with_its_number_and_nothing_is_imported()
    {
        using var dalel = new DalelProcess();
        var org = dalel.Init();
        var input = Path.Combine(dalel.Data, "input.jsonl");
        File.WriteAllLines(input, [CaseLine.Replace("ORG", org, StringComparison.Ordinal), "{\"format\": broken", CaseLine.Replace("ORG", org, StringComparison.Ordinal).Replace("0001\",\"organisationId", "0002\",\"organisationId", StringComparison.Ordinal).Replace("ngo_registration_denied", "invented_code", StringComparison.Ordinal)]);

        var run = dalel.Dalel("import", "cases", input);

        Assert.Equal(1, run.Exit);
        Assert.Contains("Line 2: not valid JSON", run.Err, StringComparison.Ordinal);
        Assert.Contains("Line 3: Acts[0].Violations", run.Err, StringComparison.Ordinal);
        var exported = Path.Combine(dalel.Data, "exported.jsonl");
        dalel.Ok("export", "cases", "--out", exported);
        Assert.Equal("", File.ReadAllText(exported));
        File.Delete(input);
        File.Delete(exported);
    }

    [Fact]
    public void Audit_verify_reports_the_first_tampered_entry()
    {
        using var dalel = new DalelProcess();
        var org = dalel.Init();
        dalel.Ok("member", "add", "--org", org, "--login", "doc", "--role", "documenter");
        Assert.Contains("Audit log intact", dalel.Ok("audit", "verify").Out, StringComparison.Ordinal);

        using (var connection = new SqliteConnection($"Data Source={Path.Combine(dalel.Data, "dalel.db")};Pooling=false"))
        {
            connection.Open();
            using var tamper = connection.CreateCommand();
            tamper.CommandText = "UPDATE audit_log SET action = 'member.removed' WHERE seq = 4";
            Assert.Equal(1, tamper.ExecuteNonQuery());
        }

        var run = dalel.Dalel("audit", "verify");
        Assert.Equal(1, run.Exit);
        Assert.Equal("dalel: Audit log broken at entry 4: entry 4 was altered.", run.Err.Trim());
    }

    [Fact]
    public void Members_are_added_listed_and_removed_and_errors_are_one_clear_line()
    {
        using var dalel = new DalelProcess();
        Assert.Equal(1, dalel.Dalel("member", "list", "--org", Guid.NewGuid().ToString()).Exit);
        Assert.Contains("No Dalel instance", dalel.Dalel("member", "list", "--org", Guid.NewGuid().ToString()).Err, StringComparison.Ordinal);

        var org = dalel.Init();
        dalel.Ok("member", "add", "--org", org, "--login", "aigerim", "--name", "Айгерим", "--role", "analyst");
        Assert.Contains("Analyst     aigerim  (Айгерим)", dalel.Ok("member", "list", "--org", org).Out, StringComparison.Ordinal);
        dalel.Ok("member", "remove", "--org", org, "--login", "aigerim");
        Assert.DoesNotContain("aigerim", dalel.Ok("member", "list", "--org", org).Out, StringComparison.Ordinal);

        dalel.Environment["DALEL_PASSPHRASE"] = "not the passphrase";
        var wrong = dalel.Dalel("member", "list", "--org", org);
        Assert.Equal(1, wrong.Exit);
        Assert.Equal("dalel: The passphrase is wrong.", wrong.Err.Trim());
    }

    [Fact]
    public void Unseal_and_seal_reach_a_running_server_through_its_data_directory()
    {
        using var dalel = new DalelProcess();
        dalel.Init();
        Assert.Contains("No Dalel server is running", dalel.Dalel("unseal").Err, StringComparison.Ordinal);

        using var server = dalel.Start("serve", "--urls", "http://127.0.0.1:0");
        try
        {
            var socket = Path.Combine(dalel.Data, "control.sock");
            for (var i = 0; i < 100 && !File.Exists(socket); i++)
            {
                Thread.Sleep(100);
            }

            dalel.Environment["DALEL_PASSPHRASE"] = "wrong passphrase";
            Assert.Equal("dalel: The passphrase is wrong.", dalel.Dalel("unseal").Err.Trim());
            dalel.Environment["DALEL_PASSPHRASE"] = DalelProcess.Passphrase;
            Assert.Equal("Dalel is unsealed.", dalel.Ok("unseal").Out.Trim());
            Assert.Equal("Dalel is sealed.", dalel.Ok("seal").Out.Trim());
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
        }
    }

    [Fact]
    public void Demo_creates_the_coalition_once_and_prints_how_to_get_in()
    {
        using var dalel = new DalelProcess();
        var run = dalel.Ok("demo");
        Assert.Contains("Instance passphrase (to unseal): dalel demo passphrase", run.Out, StringComparison.Ordinal);
        Assert.Contains("trans.owner", run.Out, StringComparison.Ordinal);
        Assert.Contains("http://127.0.0.1:5080", run.Out, StringComparison.Ordinal);

        dalel.Environment["DALEL_PASSPHRASE"] = "dalel demo passphrase";
        Assert.Equal(5, dalel.Ok("org", "list").Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
        Assert.DoesNotContain("Creating", dalel.Ok("demo").Err, StringComparison.Ordinal);
    }

    [Fact]
    public void A_busy_port_gets_one_line_and_leaves_no_half_made_demo()
    {
        using var dalel = new DalelProcess();
        var port = DalelProcess.FreePort();
        var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, port);
        taken.Start();
        try
        {
            var run = dalel.Dalel("demo", "--serve", "--urls", $"http://127.0.0.1:{port}");

            Assert.Equal(1, run.Exit);
            Assert.Equal($"dalel: Port {port} on 127.0.0.1 is already in use (another Dalel?). Stop it, or choose another port: --urls http://127.0.0.1:{port + 1}", run.Err.Trim());
            Assert.False(Directory.Exists(dalel.Data) && Directory.EnumerateFileSystemEntries(dalel.Data).Any());
        }
        finally
        {
            taken.Stop();
        }
    }
}
