using System.Diagnostics;
using Dalel.Core.Storage;
using Microsoft.Data.Sqlite;

namespace Dalel.Cli.Tests;

public sealed record Run(int Exit, string Out, string Err);

/// <summary>Runs the real `dalel` program in a child process against a data directory of the test's own.</summary>
public sealed class DalelProcess : IDisposable
{
    public const string Passphrase = "cli test passphrase";

    private readonly Action _drop;

    public DalelProcess(Provider provider = Provider.Sqlite)
    {
        Data = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
        (Postgres, _drop) = provider == Provider.Postgres ? TestDatabases.NewPostgresSchema() : (null, () => { });
    }

    public string Data { get; }

    public string? Postgres { get; }

    public Dictionary<string, string> Environment { get; } = new() { ["DALEL_PASSPHRASE"] = Passphrase, ["DALEL_OWNER_PASSWORD"] = "owner-password", ["DALEL_MEMBER_PASSWORD"] = "member-password" };

    public Run Dalel(params string[] args)
    {
        using var process = Start(args);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dalel {string.Join(' ', args)} did not finish");
        }

        return new Run(process.ExitCode, output.Result, error.Result);
    }

    public Process Start(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "dalel.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["DALEL_DATA"] = Data;
        if (Postgres is not null)
        {
            start.Environment["DALEL_POSTGRES"] = Postgres;
        }

        foreach (var (key, value) in Environment)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start)!;
        process.StandardInput.Close();
        return process;
    }

    public Run Ok(params string[] args)
    {
        var run = Dalel(args);
        Assert.True(run.Exit == 0, $"dalel {string.Join(' ', args)} exited {run.Exit}: {run.Err}\n{run.Out}");
        return run;
    }

    public string Init()
    {
        var run = Ok("init", "--org-name", "Кызыл Жол", "--owner-login", "owner");
        return run.Out.Split('\n').Single(l => l.StartsWith("Organisation ", StringComparison.Ordinal))["Organisation ".Length..].Trim();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _drop();
        if (Directory.Exists(Data))
        {
            Directory.Delete(Data, recursive: true);
        }
    }

    /// <summary>Waits until a server answers its sign-in page on <paramref name="port"/>.</summary>
    public static async Task WaitForServer(int port)
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        for (var i = 0; i < 300; i++)
        {
            try
            {
                if ((await http.GetAsync("/sign-in")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The server did not start.");
    }

    /// <summary>A loopback port nobody listens on now.</summary>
    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
