using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Cases;

public sealed class RedactPageTests
{
    [Fact]
    public async Task A_documenter_ticks_squares_over_the_image_and_gets_a_blacked_out_working_copy()
    {
        using var app = new DalelApp();
        app.Unseal();
        var seeded = Seeded.Case(app, app.OrgA, "redact");
        byte[] png;
        using (var bitmap = new SkiaSharp.SKBitmap(48, 48))
        {
            bitmap.Erase(SkiaSharp.SKColors.Coral);
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100).ToArray();
        }

        var photo = new AttachEvidence(app.Instance).Run(DalelApp.Owner(app.OrgA), seeded.Id, "badge.png", "image/png", png).Value;
        using var documenter = await app.SignInAs(Role.Documenter);
        var caseUrl = CaseRoutes.Case(app.OrgA, seeded.Id);
        Assert.NotNull((await documenter.Page(caseUrl)).QuerySelector($"a[href='{caseUrl}/files/{photo}/redact']"));

        var url = $"{caseUrl}/files/{photo}/redact";
        var page = await documenter.Page(url);
        Assert.StartsWith("data:image/jpeg;base64,", page.QuerySelector<IHtmlImageElement>(".redact-grid img")!.Source, StringComparison.Ordinal);
        Assert.Equal(144, page.QuerySelectorAll(".redact-grid input[name='Cells']").Length);
        Assert.Empty(page.QuerySelectorAll("script"));

        var bad = await documenter.Submit(page.QuerySelector<IHtmlFormElement>("main form")!, url, new() { ["Boxes"] = "1, 2, three, 4" });
        var shown = await WebBrowser.Parse(bad);
        Assert.Contains("Line 1", shown.Body!.TextContent, StringComparison.Ordinal);
        Assert.Equal("1, 2, three, 4", shown.QuerySelector<IHtmlTextAreaElement>("textarea[name='Boxes']")!.Value);

        var made = await documenter.Submit(page.QuerySelector<IHtmlFormElement>("main form")!, url, new() { ["Cells"] = "0-0", ["Boxes"] = "" });
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var record = new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), seeded.Id).Value.Record;
        Assert.Contains(record.Files, f => f.DerivedFrom == photo && f.Derivation == RedactWorkingCopy.Redacted);
    }
}
