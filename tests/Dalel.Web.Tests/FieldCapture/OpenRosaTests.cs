using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.TestSupport;
using Dalel.Web.Pages.Orgs.Field;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.FieldCapture;

#pragma warning disable CA5351 // The Form List API's hash is MD5.

/// <summary>
/// A documenter's phone talks to Dalel as ODK Collect does (OpenRosa Form List and Form Submission APIs: request shapes
/// from the specifications), encrypting as the ODK encryption specification says, while the instance is sealed.
/// </summary>
public sealed class OpenRosaTests
{
    private const string Canary = "Задержали у клуба на Абая, сержант Жаксылыков забрал телефон";
    private static readonly byte[] Photo = Encoding.ASCII.GetBytes("\xFF\xD8\xFF\xE0 jpeg evidence of the bruises");
    private static readonly XNamespace FormList = "http://openrosa.org/xforms/xformsList";

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public async Task A_phone_sends_while_sealed_and_the_submission_becomes_a_report_whose_photo_hash_matches(Provider provider)
    {
        using var app = new DalelApp(provider);
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var phone = await IssuePhone(app, owner);
        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");

        using var client = app.Anonymous();
        var http = client.Http;
        var unauthenticated = await http.GetAsync($"/field/{app.OrgA}/formList");
        Assert.Equal(HttpStatusCode.Unauthorized, unauthenticated.StatusCode);
        Assert.Equal("Basic", unauthenticated.Headers.WwwAuthenticate.Single().Scheme);

        var list = await Send(http, HttpMethod.Get, $"/field/{app.OrgA}/formList", phone);
        Assert.Equal(HttpStatusCode.OK, list.StatusCode);
        Assert.Equal("1.0", list.Headers.GetValues("X-OpenRosa-Version").Single());
        var entry = XDocument.Parse(await list.Content.ReadAsStringAsync()).Descendants(FormList + "xform").Single();
        Assert.Equal("dalel_incident", entry.Element(FormList + "formID")!.Value);
        var download = new Uri(entry.Element(FormList + "downloadUrl")!.Value);

        var formResponse = await Send(http, HttpMethod.Get, download.PathAndQuery, phone);
        var formBytes = await formResponse.Content.ReadAsByteArrayAsync();
        Assert.Equal(entry.Element(FormList + "hash")!.Value, "md5:" + Convert.ToHexStringLower(MD5.HashData(formBytes)));
        var formXml = Encoding.UTF8.GetString(formBytes);
        Assert.Contains("base64RsaPublicKey=", formXml, StringComparison.Ordinal);
        Assert.Contains("Русский (ru)", formXml, StringComparison.Ordinal);
        Assert.Contains("Қазақ", formXml, StringComparison.Ordinal);

        var head = await Send(http, HttpMethod.Head, $"/field/{app.OrgA}/submission", phone);
        Assert.Equal(HttpStatusCode.NoContent, head.StatusCode);
        Assert.True(long.Parse(head.Headers.GetValues("X-OpenRosa-Accept-Content-Length").Single(), System.Globalization.CultureInfo.InvariantCulture) >= 10_000_000);

        var version = (string)XDocument.Parse(formXml).Descendants().First(e => e.Name.LocalName == "data").Attribute("version")!;
        var sent = OdkPhone.Encrypt(formXml, OdkPhone.Instance(version, "uuid:" + Guid.NewGuid(), Canary, where: "almaty_city", who: "police", photo: "1764500000.jpg"), ("1764500000.jpg", Photo));
        var posted = await Send(http, HttpMethod.Post, $"/field/{app.OrgA}/submission", phone, Multipart(sent));
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        Assert.Contains("submit_success", await posted.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // An unencrypted submission (a form from another server, or encryption removed) is refused with the reason, in the phone's language.
        var plain = new MultipartFormDataContent { { new ByteArrayContent(Encoding.UTF8.GetBytes(OdkPhone.Instance(version, "uuid:" + Guid.NewGuid(), Canary))), "xml_submission_file", "submission.xml" } };
        var refused = new HttpRequestMessage(HttpMethod.Post, $"/field/{app.OrgA}/submission") { Content = plain };
        refused.Headers.AcceptLanguage.ParseAdd("ru");
        var refusal = await Send(http, refused, phone);
        Assert.Equal(HttpStatusCode.BadRequest, refusal.StatusCode);
        Assert.Contains("Принимаются только зашифрованные отправки", await refusal.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        AssertNowhereOnDisk(app, Canary);

        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        // Statistics say what they do not count yet: never lost, never counted twice.
        Assert.Contains("0 report(s) in the queue, 1 submission(s) from phones still sealed", (await documenter.Page($"/o/{app.OrgA}/statistics")).QuerySelector("#unrecorded")!.TextContent, StringComparison.Ordinal);
        var page = await documenter.Page(FieldRoutes.Index(app.OrgA));
        Assert.Contains("1", page.QuerySelector("#field-state")!.ParentElement!.TextContent, StringComparison.Ordinal);
        var opened = await documenter.SubmitForm(FieldRoutes.Index(app.OrgA), "form[action*='handler=Open']", []);
        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Contains("1 submission(s) opened, verified and moved to the report queue", (await WebBrowser.Parse(opened)).Body!.TextContent, StringComparison.Ordinal);

        var report = Assert.Single(new ListIntakeReports(app.Instance).Run(DalelApp.Owner(app.OrgA)).Value);
        var details = new GetIntakeReport(app.Instance).Run(DalelApp.Owner(app.OrgA), report.Id).Value;
        Assert.Equal(Canary, details.Messages[0].Answers.Single(a => a.QuestionId == "what").Answer);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Photo)), Assert.Single(details.Files).Sha256);
        Assert.Contains("1 report(s) in the queue, 0 submission(s)", (await documenter.Page($"/o/{app.OrgA}/statistics")).QuerySelector("#unrecorded")!.TextContent, StringComparison.Ordinal);
        var queue = await documenter.Page($"/o/{app.OrgA}/intake");
        Assert.Contains("Задержали у клуба на Абая", queue.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_revoked_phone_is_refused_at_once_and_another_organisations_address_knows_no_phone()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var owner = await app.SignInAs(Role.Owner);
        var phone = await IssuePhone(app, owner);
        using var client = app.Anonymous();

        Assert.Equal(HttpStatusCode.OK, (await Send(client.Http, HttpMethod.Get, $"/field/{app.OrgA}/formList", phone)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Send(client.Http, HttpMethod.Get, $"/field/{app.OrgB}/formList", phone)).StatusCode);

        var page = await owner.Page(FieldRoutes.Index(app.OrgA));
        var revoke = await owner.SubmitForm(FieldRoutes.Index(app.OrgA), "form[action*='handler=Revoke']", []);
        Assert.Equal(HttpStatusCode.Redirect, revoke.StatusCode);
        Assert.Contains("Aigerim", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client.Http, HttpMethod.Get, $"/field/{app.OrgA}/formList", phone)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Send(client.Http, HttpMethod.Head, $"/field/{app.OrgA}/submission", phone)).StatusCode);
    }

    [Fact]
    public void The_qr_code_holds_the_settings_odk_collect_reads()
    {
        // Collect's format: its settings JSON, zlib-compressed, base64 — the server, the user name and the password.
        var payload = IndexModel.CollectSettings("https://dalel.example/field/x", "phone-id", "phone-secret");
        using var inflated = new System.IO.Compression.ZLibStream(new MemoryStream(Convert.FromBase64String(payload)), System.IO.Compression.CompressionMode.Decompress);
        var general = System.Text.Json.JsonDocument.Parse(inflated).RootElement.GetProperty("general");

        Assert.Equal("https://dalel.example/field/x", general.GetProperty("server_url").GetString());
        Assert.Equal("phone-id", general.GetProperty("username").GetString());
        Assert.Equal("phone-secret", general.GetProperty("password").GetString());
    }

    private static async Task<(string User, string Password)> IssuePhone(DalelApp app, WebBrowser owner)
    {
        var on = await owner.SubmitForm(FieldRoutes.Index(app.OrgA), "form[action*='handler=Enable']", []);
        Assert.Equal(HttpStatusCode.Redirect, on.StatusCode);
        var issued = await WebBrowser.Parse(await owner.SubmitForm(FieldRoutes.Index(app.OrgA), "form[action*='handler=Issue']", new() { ["Label"] = "Aigerim's phone" }));
        Assert.Equal($"http://localhost/field/{app.OrgA:D}", issued.QuerySelector("#field-server")!.TextContent);
        Assert.StartsWith("data:image/png;base64,", issued.QuerySelector("img[src^='data:image/png']")!.GetAttribute("src"), StringComparison.Ordinal);
        return (issued.QuerySelector("#field-user")!.TextContent, issued.QuerySelector("#field-password")!.TextContent);
    }

    /// <summary>As ODK Collect posts: the manifest as xml_submission_file, each encrypted file as a part named by its file name.</summary>
    private static MultipartFormDataContent Multipart(PhoneSubmission sent)
    {
        var content = new MultipartFormDataContent();
        var manifest = new ByteArrayContent(sent.Manifest);
        manifest.Headers.ContentType = new MediaTypeHeaderValue("text/xml");
        content.Add(manifest, "xml_submission_file", "submission.xml");
        foreach (var (name, bytes) in sent.Files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            content.Add(part, name, name);
        }

        return content;
    }

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpMethod method, string url, (string User, string Password) phone, HttpContent? content = null) =>
        Send(http, new HttpRequestMessage(method, url) { Content = content }, phone);

    private static Task<HttpResponseMessage> Send(HttpClient http, HttpRequestMessage request, (string User, string Password) phone)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{phone.User}:{phone.Password}")));
        request.Headers.Add("X-OpenRosa-Version", "1.0");
        return http.SendAsync(request);
    }

    private static void AssertNowhereOnDisk(DalelApp app, string text)
    {
        // The control socket is not a file one can read.
        foreach (var file in Directory.EnumerateFiles(app.DataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal)))
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            var bytes = buffer.ToArray();
            Assert.False(bytes.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0, $"{file} holds the canary");
        }
    }
}
