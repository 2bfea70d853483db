using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Vault;

public sealed class KeyHolderUnsealTests
{
    private static readonly string[] Holders = ["holder one passphrase", "holder two passphrase", "holder three passphrase"];

    private static async Task<HttpResponseMessage> Unseal(WebBrowser owner, params (int Share, string Passphrase)[] given)
    {
        var page = await owner.Page("/vault/unseal");
        var form = page.QuerySelector<IHtmlFormElement>("form[action*='handler=Shares']")!;
        for (var i = 0; i < given.Length; i++)
        {
            form.QuerySelector<IHtmlInputElement>($"#share-{i}")!.Value = given[i].Share.ToString(System.Globalization.CultureInfo.InvariantCulture);
            form.QuerySelector<IHtmlInputElement>($"#holder-{i}")!.Value = given[i].Passphrase;
        }

        return await owner.Submit(form, "/vault/unseal", []);
    }

    [Fact]
    public async Task Two_of_three_key_holders_unseal_on_the_web_and_one_cannot()
    {
        await using var app = new DalelApp();
        app.Unseal();
        Assert.True(new SplitMasterKey(app.Instance).Run(DalelApp.Owner(app.OrgA), 2, Holders, KdfParameters.Fast).IsOk);
        new SealVault(app.Instance).Run("test");
        using var owner = await app.SignInAs(Role.Owner);

        var alone = await WebBrowser.Parse(await Unseal(owner, (2, Holders[1])));
        Assert.Contains("2 key holders must unseal together.", alone.Body!.TextContent, StringComparison.Ordinal);
        Assert.True(app.Instance.Vault.IsSealed);

        Assert.Equal(HttpStatusCode.Redirect, (await Unseal(owner, (3, Holders[2]), (1, Holders[0]))).StatusCode);
        Assert.False(app.Instance.Vault.IsSealed);
    }
}
