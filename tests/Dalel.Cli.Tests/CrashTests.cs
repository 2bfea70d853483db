using System.Collections.Concurrent;
using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Storage;

namespace Dalel.Cli.Tests;

/// <summary>
/// The server process is killed (SIGKILL, no shutdown) while documenters save cases at once. Every save the server
/// acknowledged (answered with the redirect to the new case) must be there afterwards, and the audit chain intact.
/// </summary>
public sealed class CrashTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task Killing_the_server_during_concurrent_case_writes_loses_no_acknowledged_case(Provider provider)
    {
        using var dalel = new DalelProcess(provider);
        var org = dalel.Init();
        dalel.Ok("member", "add", "--org", org, "--login", "doc", "--role", "documenter");
        var port = DalelProcess.FreePort();
        using var server = dalel.Start("serve", "--urls", $"http://127.0.0.1:{port}");
        var acknowledged = new ConcurrentDictionary<string, Guid>();
        try
        {
            await DalelProcess.WaitForServer(port);
            dalel.Ok("unseal");

            using var stop = new CancellationTokenSource();
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() => Write(port, org, w, acknowledged, stop.Token))).ToList();
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (acknowledged.Count < 40 && DateTime.UtcNow < deadline && writers.All(t => !t.IsCompleted))
            {
                await Task.Delay(50);
            }

            // Writers are mid-request when the process dies.
            server.Kill(entireProcessTree: true);
            server.WaitForExit();
            await stop.CancelAsync();
            await Task.WhenAll(writers);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill(entireProcessTree: true);
                server.WaitForExit();
            }
        }

        Assert.True(acknowledged.Count >= 40, $"only {acknowledged.Count} cases were saved before the kill");
        var exported = Path.Combine(dalel.Data, "after-crash.jsonl");
        dalel.Ok("export", "cases", "--out", exported);
        var lines = await File.ReadAllLinesAsync(exported);
        var missing = acknowledged.Where(a => !lines.Any(l => l.Contains(a.Value.ToString("D"), StringComparison.Ordinal) && l.Contains(a.Key, StringComparison.Ordinal))).Select(a => a.Key).ToList();
        Assert.Empty(missing);
        Assert.Contains("Audit log intact", dalel.Ok("audit", "verify").Out, StringComparison.Ordinal);
    }

    private static async Task Write(int port, string org, int writer, ConcurrentDictionary<string, Guid> acknowledged, CancellationToken stop)
    {
        using var handler = new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true };
        using var browser = new WebBrowser(new HttpClient(handler) { BaseAddress = new Uri($"http://127.0.0.1:{port}") });
        try
        {
            var signedIn = await browser.SubmitForm("/sign-in", "main form", new() { ["Login"] = "doc", ["Password"] = "member-password" });
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
            var url = $"/o/{org}/cases/new";
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                var page = await browser.Page(url);
                var title = $"Crash test {writer}-{i} {Guid.NewGuid():N}";
                var saved = await browser.Submit(page.QuerySelector<IHtmlFormElement>("main form")!, url,
                    new()
                    {
                        ["Form.Title"] = title, ["Form.DateFrom"] = "2024-04-12", ["Form.Narrative"] = $"Narrative of {title}",
                        ["Form.Victims[0].CodeName"] = $"V-{writer}-{i}", ["Form.Acts[0].Violations"] = "raid",
                    }, "save");
                if (saved.StatusCode == HttpStatusCode.Redirect)
                {
                    acknowledged[title] = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[4]);
                }
                else
                {
                    Assert.Fail($"The case form refused a save: {(int)saved.StatusCode}");
                }
            }
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException || (stop.IsCancellationRequested && e.GetType().Name.Contains("Assert", StringComparison.Ordinal)))
        {
            // The server died under this writer: whatever it had not acknowledged does not count.
        }
    }
}
