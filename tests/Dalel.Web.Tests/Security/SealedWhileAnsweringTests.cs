using System.Net;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// Sealing overwrites the case bytes in memory; a request reading one at that moment fails. Its error page must send the
/// person to the sealed page (and say a form was not saved), not show a generic failure.
/// </summary>
public sealed class SealedWhileAnsweringTests
{
    [Fact]
    public async Task A_request_that_fails_once_the_vault_is_sealed_is_answered_with_the_sealed_page()
    {
        await using var app = new DalelApp();
        var browser = app.Anonymous();

        var failedRead = await browser.Http.GetAsync("/error");
        Assert.Equal(HttpStatusCode.Redirect, failedRead.StatusCode);
        Assert.Equal("/sealed", failedRead.Headers.Location!.OriginalString);

        var failedForm = await browser.Http.PostAsync("/error", new FormUrlEncodedContent([]));
        Assert.Equal(HttpStatusCode.Redirect, failedForm.StatusCode);
        Assert.Equal("/sealed?unsaved=true", failedForm.Headers.Location!.OriginalString);

        // Not found stays not found, and an unsealed vault's failures stay the generic page.
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/error?code=404")).StatusCode);
        app.Unseal();
        Assert.Equal(HttpStatusCode.OK, (await browser.Http.GetAsync("/error")).StatusCode);
    }
}
