using System.Net;
using System.Text;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

public sealed class SessionKeyTests
{
    [Fact]
    public async Task Nothing_in_the_data_directory_can_mint_a_session_and_a_session_does_not_outlive_its_server()
    {
        var app = new DalelApp { KeepDataDirectory = true };
        var dataDirectory = app.DataDirectory;
        string cookie;
        try
        {
            app.Unseal();
            cookie = await SignIn(app);
            using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
            client.DefaultRequestHeaders.Add("Cookie", cookie);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(CaseRoutes.List(app.OrgA))).StatusCode);

            Assert.False(Directory.Exists(Path.Combine(dataDirectory, "web-keys")));
            // Nor anywhere else: the framework's own key ring (which would go to ~/.aspnet/DataProtection-Keys,
            // unencrypted, with a warning in the log) is kept in memory.
            var keyManagement = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.DataProtection.KeyManagement.KeyManagementOptions>>(app.Services).Value;
            Assert.Equal("MemoryKeyRing", keyManagement.XmlRepository!.GetType().Name);
            Assert.DoesNotContain(app.Logs.All.Split('\n'), l => l.Contains("DataProtection-Keys", StringComparison.Ordinal) || l.Contains("No XML encryptor", StringComparison.Ordinal));
            foreach (var file in Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).Where(f => !f.EndsWith(".sock", StringComparison.Ordinal)))
            {
                var text = Encoding.UTF8.GetString(await File.ReadAllBytesAsync(file));
                Assert.DoesNotContain("<masterKey", text, StringComparison.Ordinal);
            }
        }
        finally
        {
            await app.DisposeAsync();
        }

        // Another server (as after a restart) does not accept the session, even over the same kind of data.
        await using var next = new DalelApp();
        next.Unseal();
        using var stranger = next.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        stranger.DefaultRequestHeaders.Add("Cookie", cookie);
        var response = await stranger.GetAsync(CaseRoutes.List(next.OrgA));
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Directory.Delete(dataDirectory, recursive: true);
    }

    /// <summary>Signs the owner in by hand and returns the cookies the server set, as a Cookie header.</summary>
    private static async Task<string> SignIn(DalelApp app)
    {
        using var client = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var form = await client.GetAsync("/sign-in");
        var jar = Cookies(form);
        var token = System.Text.RegularExpressions.Regex.Match(await form.Content.ReadAsStringAsync(), "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var post = new HttpRequestMessage(HttpMethod.Post, "/sign-in")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["Login"] = DalelApp.Login(Role.Owner, "a"), ["Password"] = DalelApp.Password, ["__RequestVerificationToken"] = token }),
        };
        post.Headers.Add("Cookie", jar);
        var signedIn = await client.SendAsync(post);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return jar + "; " + Cookies(signedIn);
    }

    private static string Cookies(HttpResponseMessage response) =>
        string.Join("; ", response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]) : []);
}
