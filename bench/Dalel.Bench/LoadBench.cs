using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Dalel.Core;
using Dalel.Core.Demo;
using Dalel.Core.Vault;

namespace Dalel.Bench;

/// <summary>
/// A load run against the web app as users get it: the production worker (`dalel demo --serve`'s process, release
/// build, the demo coalition, unsealed) in its own process on loopback, and the clients in this one, so each side's
/// processor time is measured apart. Closed loop: each client sends its next request when the last one answered.
/// With a baseline build given, the same run is made against it first, on a fresh copy of the same data.
/// </summary>
internal static partial class LoadBench
{
    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Token();

    private const string DefaultServer = "src/Dalel.Cli/bin/Release/net10.0/dalel.dll";

    public static async Task<string> Run(int clients, TimeSpan duration, string? baseline, TimeSpan baselineDuration)
    {
        var template = Path.Combine(Path.GetTempPath(), "dalel-load-" + Guid.NewGuid().ToString("N"));
        using (var instance = DalelInstance.Open(new DalelOptions { DataDirectory = template, PasswordKdf = KdfParameters.Password }, TimeProvider.System))
        {
            new BuildDemoCoalition(instance).Run();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var rows = new List<string>();
        try
        {
            foreach (var (name, dll, seconds) in new[] { ("baseline", baseline, baselineDuration), ("this build", DefaultServer, duration) }.Where(s => s.Item2 is not null))
            {
                rows.AddRange(await Against(name, Path.GetFullPath(dll!), template, clients, seconds));
            }
        }
        finally
        {
            Directory.Delete(template, recursive: true);
        }

        return $"""
            ## Load run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC

            `dotnet run -c Release --project bench/Dalel.Bench -- --load [--clients 50 --seconds 300] [--baseline path/to/dalel.dll --baseline-seconds N]`: the
            production worker (`dalel demo --serve`'s process, release build, the demo coalition unsealed) in its own process on loopback;
            the clients in the bench's process. Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Two phases of {duration.TotalSeconds:F0} s each
            ({baselineDuration.TotalSeconds:F0} s for a baseline build):

            - **Case list and search**: {clients} clients signed in as the viewer of the trans initiative (one session, as sign-ins are limited to 30
              a minute), each fetching the case list, its second page, a free-text search and a filtered, sorted list in turn.
            - **Public form**: {clients} anonymous reporters each loading the public form (/report/{BuildDemoIntake.Slug}), sending a report and
              opening it again with the receipt; a request counts as an error unless the form, a receipt and the thread come back. The intake
              rate limits are raised for the run (they would refuse most of it by design: 20 reports a minute by default).

            Processor time is each process's own (user + system) over the phase, in seconds; the two cores give twice the phase's length in all.

            | Server | Phase | Requests | Errors | Requests/s | p50 | p90 | p99 | Slowest | Over 1 s | Server CPU | Client CPU |
            |---|---|---|---|---|---|---|---|---|---|---|---|
            {string.Join("\n", rows)}

            """;
    }

    private static async Task<List<string>> Against(string name, string dll, string template, int clients, TimeSpan duration)
    {
        var directory = template + "-" + name.Replace(' ', '-');
        CopyDirectory(template, directory);
        const string url = "http://127.0.0.1:5187";
        var start = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "demo", "--data", directory, "--serve", "--worker", "--urls", url },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment =
            {
                ["Dalel__IntakeReportsPerMinute"] = "10000000",
                ["Dalel__IntakeReceiptsPerMinute"] = "10000000",
            },
        };
        using var server = Process.Start(start) ?? throw new InvalidOperationException("could not start the server");
        server.OutputDataReceived += (_, _) => { };
        server.ErrorDataReceived += (_, _) => { };
        server.BeginOutputReadLine();
        server.BeginErrorReadLine();
        try
        {
            await Ready(url);
            var unsealed = Dalel.Core.Vault.ControlChannel.Send(directory, "unseal", BuildDemoCoalition.Passphrase);
            if (unsealed is null || !unsealed.StartsWith("ok ", StringComparison.Ordinal))
            {
                throw new InvalidOperationException($"unseal failed: {unsealed}");
            }

            var list = await Measured(server, () => CaseList(url, clients, duration));
            Console.WriteLine($"load ({name}, case list): {list}");
            var intake = await Measured(server, () => Intake(url, clients, duration));
            Console.WriteLine($"load ({name}, public form): {intake}");
            return [$"| {name} | Case list and search | {list.Row} |", $"| {name} | Public form | {intake.Row} |"];
        }
        finally
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static async Task Ready(string url)
    {
        using var http = new HttpClient { BaseAddress = new Uri(url) };
        for (var watch = Stopwatch.StartNew(); watch.Elapsed < TimeSpan.FromSeconds(120); await Task.Delay(250))
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
                // Not listening yet.
            }
        }

        throw new TimeoutException("the server did not start");
    }

    private static async Task<RunSummary> Measured(Process server, Func<Task<Phase>> run)
    {
        server.Refresh();
        var serverBefore = server.TotalProcessorTime;
        var clientBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var phase = await run();
        server.Refresh();
        return Summary(phase, (server.TotalProcessorTime - serverBefore).TotalSeconds, (Process.GetCurrentProcess().TotalProcessorTime - clientBefore).TotalSeconds);
    }

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var sub in Directory.GetDirectories(from))
        {
            CopyDirectory(sub, Path.Combine(to, Path.GetFileName(sub)));
        }
    }

    /// <summary>
    /// Signed-in clients going through the case list, its second page, a search and a filtered, sorted list. One
    /// sign-in, its session shared by every client: sign-ins are limited to 30 a minute for the whole instance, by design.
    /// </summary>
    private static async Task<Phase> CaseList(string url, int clients, TimeSpan duration)
    {
        var session = new CookieContainer();
        string cases;
        using (var signIn = new HttpClient(new HttpClientHandler { CookieContainer = session, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) })
        {
            var signInPage = await signIn.GetStringAsync("/sign-in");
            using var signedIn = await signIn.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["Login"] = "trans.viewer", ["Password"] = BuildDemoCoalition.Password, ["__RequestVerificationToken"] = Token().Match(signInPage).Groups[1].Value,
            }));
            if (signedIn.StatusCode != HttpStatusCode.Redirect)
            {
                throw new InvalidOperationException("sign-in failed");
            }

            // The organisation's cases page, from where signing in leads.
            var home = await signIn.GetStringAsync(signedIn.Headers.Location!.OriginalString);
            cases = OrganisationLink().Match(home).Groups[1].Value;
        }

        var cookies = session.GetAllCookies();
        var paths = new[] { $"/o/{cases}/cases", $"/o/{cases}/cases?page=2", $"/o/{cases}/cases?q=police", $"/o/{cases}/cases?violations=police_violence&sort=date" };
        var phase = new Phase();
        var stop = Stopwatch.StartNew();
        var tasks = Enumerable.Range(0, clients).Select(async c =>
        {
            var container = new CookieContainer();
            container.Add(cookies);
            using var http = new HttpClient(new HttpClientHandler { CookieContainer = container, AllowAutoRedirect = false }) { BaseAddress = new Uri(url) };
            var mine = new List<double>();
            for (var i = c; stop.Elapsed < duration; i++)
            {
                var watch = Stopwatch.StartNew();
                using var response = await http.GetAsync(paths[i % paths.Length]);
                var body = await response.Content.ReadAsStringAsync();
                mine.Add(watch.Elapsed.TotalMilliseconds);
                phase.Count(response.StatusCode == HttpStatusCode.OK && body.Contains("</table>", StringComparison.Ordinal));
            }

            phase.Add(mine);
        }).ToList();
        await Task.WhenAll(tasks);
        phase.Seconds = stop.Elapsed.TotalSeconds;
        return phase;
    }

    [GeneratedRegex("/o/([0-9a-f-]{36})/")]
    private static partial Regex OrganisationLink();

    /// <summary>Latencies and outcomes of one phase, from every client.</summary>
    private sealed class Phase
    {
        private long _requests;
        private long _errors;

        public List<double> Latencies { get; } = [];

        public long Requests => Interlocked.Read(ref _requests);

        public long Errors => Interlocked.Read(ref _errors);

        public double Seconds { get; set; }

        public void Count(bool ok)
        {
            Interlocked.Increment(ref _requests);
            if (!ok)
            {
                Interlocked.Increment(ref _errors);
            }
        }

        public void Add(List<double> latencies)
        {
            lock (Latencies)
            {
                Latencies.AddRange(latencies);
            }
        }
    }

    private sealed record RunSummary(string Line, string Row)
    {
        public override string ToString() => Line;
    }

    private static RunSummary Summary(Phase phase, double serverCpu, double clientCpu)
    {
        var latencies = phase.Latencies;
        latencies.Sort();
        string P(double q) => latencies.Count == 0 ? "–" : latencies[(int)Math.Min(latencies.Count - 1, q * latencies.Count)].ToString("F1", CultureInfo.InvariantCulture);
        var slowest = latencies.Count == 0 ? "–" : latencies[^1].ToString("F0", CultureInfo.InvariantCulture);
        var overOne = latencies.Count(l => l > 1000);
        return new RunSummary(
            $"{phase.Requests} requests in {phase.Seconds:F1} s, {phase.Errors} errors, p50 {P(0.5)} ms, p90 {P(0.9)} ms, p99 {P(0.99)} ms, slowest {slowest} ms, {overOne} over 1 s, server CPU {serverCpu:F1} s, client CPU {clientCpu:F1} s",
            $"{phase.Requests:N0} | {phase.Errors} | {phase.Requests / phase.Seconds:N0} | {P(0.5)} ms | {P(0.9)} ms | {P(0.99)} ms | {slowest} ms | {overOne} | {serverCpu:F0} s | {clientCpu:F0} s");
    }

    /// <summary>Anonymous reporters: load the form, send a report, follow it with the receipt; each step must succeed.</summary>
    private static async Task<Phase> Intake(string url, int clients, TimeSpan duration)
    {
        var phase = new Phase();
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
                var good = response.StatusCode == HttpStatusCode.OK && ok(body);
                phase.Count(good);
                return good ? body : null;
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

            phase.Add(mine);
        }).ToList();
        await Task.WhenAll(tasks);
        phase.Seconds = stop.Elapsed.TotalSeconds;
        return phase;
    }

    [GeneratedRegex("[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}")]
    private static partial Regex Receipt();
}
