using AngleSharp.Dom;
using System.Net;
using AngleSharp.Html.Dom;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Cases;

/// <summary>Evidence chosen on the new-case form: kept through a round with a mistake, attached when the case is saved.</summary>
public sealed class EvidenceWhileRecordingTests
{
    private static readonly byte[] Letter = "%PDF-1.4 a letter from the police"u8.ToArray();

    private static Dictionary<string, string> TheCase(string title) => new()
    {
        ["Form.Title"] = title,
        ["Form.DateFrom"] = "12.03.2024",
        ["Form.Victims[0].CodeName"] = "Гость-1",
        ["Form.Acts[0].Violations"] = "threats",
    };

    [Fact]
    public async Task A_file_chosen_while_recording_survives_a_mistake_and_is_attached_when_the_case_is_saved()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);

        // A mistake (no title) on the first save: nothing is recorded, and the file is listed as kept.
        var first = await documenter.SubmitWithFiles(CaseRoutes.New(app.OrgA), "main form", TheCase(""), "save", ("Files", "письмо.pdf", Letter));
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var page = await WebBrowser.Parse(first);
        var kept = page.QuerySelector<IHtmlInputElement>("input[name=Held]")!;
        Assert.True(kept.IsChecked);
        Assert.Contains("письмо.pdf", kept.ParentElement!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector("details#files[open]"));
        Assert.Equal(0, new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total);

        // Fixed and saved: the case carries the file, byte for byte, and nothing stays held.
        var saved = await documenter.Submit(page.QuerySelector<IHtmlFormElement>("main form")!, CaseRoutes.New(app.OrgA), new() { ["Form.Title"] = "Угрозы по телефону" }, "save");
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        var caseId = Guid.Parse(saved.Headers.Location!.OriginalString.Split('/')[4]);
        var file = Assert.Single(new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), caseId).Value.Record.Files);
        Assert.Equal("письмо.pdf", file.FileName);
        Assert.Equal(Letter, new OpenEvidence(app.Instance).Run(DalelApp.Owner(app.OrgA), caseId, file.Id).Value.Content);
    }

    [Fact]
    public async Task A_held_file_is_only_its_members_and_is_forgotten_at_sealing()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);
        var first = await documenter.SubmitWithFiles(CaseRoutes.New(app.OrgA), "main form", TheCase(""), "save", ("Files", "a.pdf", Letter));
        var held = Guid.Parse((await WebBrowser.Parse(first)).QuerySelector<IHtmlInputElement>("input[name=Held]")!.Value);

        // The owner of the same organisation posting that id records a case without it; so does its own member after sealing.
        using var owner = await app.SignInAs(Role.Owner);
        var other = await owner.SubmitForm(CaseRoutes.New(app.OrgA), "main form", new(TheCase("Чужой файл")) { ["Held"] = held.ToString() }, "save");
        var otherCase = Guid.Parse(other.Headers.Location!.OriginalString.Split('/')[4]);
        Assert.Empty(new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), otherCase).Value.Record.Files);

        new Dalel.Core.Vault.SealVault(app.Instance).Run("cli");
        app.Unseal();
        var again = await documenter.SubmitForm(CaseRoutes.New(app.OrgA), "main form", new(TheCase("После запечатывания")) { ["Held"] = held.ToString() }, "save");
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Empty(new GetCase(app.Instance).Run(DalelApp.Owner(app.OrgA), Guid.Parse(again.Headers.Location!.OriginalString.Split('/')[4])).Value.Record.Files);
    }

    [Fact]
    public async Task A_file_that_is_not_the_image_it_claims_is_refused_beside_the_field_and_the_rest_is_kept()
    {
        using var app = new DalelApp();
        app.Unseal();
        using var documenter = await app.SignInAs(Role.Documenter);

        var sent = await documenter.SubmitWithFiles(CaseRoutes.New(app.OrgA), "main form", TheCase("Фото"), "save", ("Files", "photo.png", "not a png"u8.ToArray()));

        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var page = await WebBrowser.Parse(sent);
        Assert.NotNull(page.QuerySelector("#problems a[href='#Files']"));
        Assert.Equal("true", page.QuerySelector("#Files")!.GetAttribute("aria-invalid"));
        Assert.Equal("Фото", page.QuerySelector<IHtmlInputElement>("[name='Form.Title']")!.Value);
        Assert.Equal(0, new SearchCases(app.Instance).Run(DalelApp.Owner(app.OrgA), new CaseQuery()).Value.Total);
    }
}
