using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dalel.Core;
using Dalel.Core.Demo;
using Dalel.Core.Vault;
using Dalel.Web;

namespace Dalel.Bench;

/// <summary>
/// A load run against the real web app on loopback (Kestrel, the demo coalition, unsealed): many signed-in clients
/// fetch the case list and search it for a fixed time; every response must be 200.
/// </summary>
internal static partial class LoadBench
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    public static async Task<string> Run(int clients, TimeSpan duration)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dalel-load-" + Guid.NewGuid().ToString("N"));
        var options = new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Password };
        using (var instance = DalelInstance.Open(options, TimeProvider.System))
        {
            new BuildDemoCoalition(instance).Run();
        }

        const string url = "http://127.0.0.1:5187";
        // The intake limits are raised so the run measures the application, not the limiter (tests cover the limiter).
        await using var app = DalelWebApp.Create(["--Dalel:IntakeReportsPerMinute=10000000", "--Dalel:IntakeReceiptsPerMinute=10000000"], options, url);
        await app.StartAsync();
        var dalel = app.Services.GetRequiredService<DalelInstance>();
        new UnsealVault(dalel).Run(BuildDemoCoalition.Passphrase, "load");
        var org = new Dalel.Core.Organisations.ListOrganisations(dalel).Run().Value.Single(o => o.Name.Contains("Trans", StringComparison.Ordinal)).Id;
        var caseCount = dalel.Enter(Dalel.Core.Members.OrgScope.Cli(org), Dalel.Core.Members.Capability.ReadCodedFacts).Value.Cases.Count();

        var latencies = new List<double>();
        var errors = 0L;
        var requests = 0L;
        var paths = new[] { $"/o/{org}/cases", $"/o/{org}/cases?page=2", $"/o/{org}/cases?q=police", $"/o/{org}/cases?violations=police_violence&sort=date" };
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async c =>
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
            var signInPage = await http.GetStringAsync("/sign-in");
            var form = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Login"] = "trans.viewer", ["Password"] = BuildDemoCoalition.Password, ["__RequestVerificationToken"] = Token().Match(signInPage).Groups[1].Value,
            });
            if ((await http.PostAsync("/sign-in", form)).StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException("sign-in failed");
            }

            var mine = new List<double>();
            var i = c;
            while (stop.Elapsed < duration)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(paths[i++ % paths.Length]);
                await response.Content.ReadAsByteArrayAsync();
                mine.Add(watch.Elapsed.TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref errors);
                }
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        var seconds = stop.Elapsed.TotalSeconds;
        var listRun = Summary(latencies, requests, errors, seconds);
        var intakeRun = await Intake(url, clients, duration);
        await app.StopAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);

        Console.WriteLine($"load (case list): {listRun.Line}");
        Console.WriteLine($"load (intake): {intakeRun.Line}");
        return $"""
            ## Load run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC

            `dotnet run -c Release --project bench/Dalel.Bench -- --load [--clients 16 --seconds 20]`: the web app on loopback (Kestrel, release build,
            the demo coalition unsealed). Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Two phases of {duration.TotalSeconds:F0} s each:

            - **Case list**: {clients} signed-in clients (viewer of the trans initiative, {caseCount} cases) each fetching the case list, its second page,
              a free-text search and a filtered, sorted list in turn.
            - **Public intake**: {clients} anonymous reporters each loading the public form (/report/{BuildDemoIntake.Slug}), sending a report and opening it
              again with the receipt shown; a request counts as an error unless the form, a receipt and the thread come back. The intake rate limits
              are raised for the run (they would refuse most of it by design: 20 reports a minute by default).

            | Phase | Requests | Errors | Requests/s | p50 | p95 |
            |---|---|---|---|---|---|
            | Case list | {listRun.Row} |
            | Public intake | {intakeRun.Row} |

            """;
    }

    private sealed record RunSummary(string Line, string Row);

    private static RunSummary Summary(List<double> latencies, long requests, long errors, double seconds)
    {
        latencies.Sort();
        string P(double q) => latencies.Count == 0 ? "–" : latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)].ToString("F1", CultureInfo.InvariantCulture);
        return new RunSummary(
            $"{requests} requests in {seconds:F1} s, {errors} errors, p50 {P(0.5)} ms, p95 {P(0.95)} ms",
            $"{requests:N0} | {errors} | {requests / seconds:N0} | {P(0.5)} ms | {P(0.95)} ms");
    }

    /// <summary>Anonymous reporters: load the form, send a report, follow it with the receipt; each step must succeed.</summary>
    private static async Task<RunSummary> Intake(string url, int clients, TimeSpan duration)
    {
        var latencies = new List<double>();
        var errors = 0L;
        var requests = 0L;
        var form = $"/report/{BuildDemoIntake.Slug}";
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async c =>
        {
            using var handler = new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false };
            using var http = new HttpClient(handler) { BaseAddress = new Uri(url) };
            var mine = new List<double>();
            async Task<string?> Timed(Func<Task<HttpResponseMessage>> send, Func<string, bool> ok)
            {
                var watch = Stopwatch.StartNew();
                using var response = await send();
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(watch.Elapsed.TotalMilliseconds);
                Interlocked.Increment(ref requests);
                if (response.StatusCode != HttpStatusCode.OK || !ok(body))
                {
                    Interlocked.Increment(ref errors);
                    return null;
                }

                return body;
            }

            for (var i = 0; stop.Elapsed < duration; i++)
            {
                var page = await Timed(() => http.GetAsync(form), b => b.Contains("Answers[what]", StringComparison.Ordinal));
                if (page is null)
                {
                    continue;
                }

                var token = Token().Match(page).Groups[1].Value;
                var sent = await Timed(() => http.PostAsync(form, new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Answers[what]"] = $"Load-run report {c}-{i}: detained after leaving a club, phone searched.",
                    ["Answers[where]"] = "Алматы",
                    ["Answers[consent]"] = "0",
                })), b => Receipt().IsMatch(b));
                if (sent is null)
                {
                    continue;
                }

                await Timed(() => http.PostAsync(form + "/follow", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["__RequestVerificationToken"] = token,
                    ["Receipt"] = Receipt().Match(sent).Value,
                })), b => b.Contains("name=\"Text\"", StringComparison.Ordinal));
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }).ToList();
        await Task.WhenAll(tasks);
        return Summary(latencies, requests, errors, stop.Elapsed.TotalSeconds);
    }

    [GeneratedRegex("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex Receipt();
}
