using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Dalel.Core.Members;
using Dalel.Web.Pages.Orgs.Cases;
using Dalel.Web.Pages.Orgs.Register;
using Dalel.Web.Pages.Orgs.Submissions;
using Dalel.Web.Tests.Support;

namespace Dalel.Web.Tests.Security;

/// <summary>
/// Records a case through the web app with a distinctive string in every field, uses it, seals, stops the app and
/// then reads every file in the data directory, everything logged and every new file in the temp directory byte
/// for byte, in UTF-8 and UTF-16: none of the strings may appear.
/// </summary>
public sealed class PlaintextAtRestTests
{
    [Fact]
    public async Task Nothing_a_documenter_typed_is_readable_at_rest_once_sealed()
    {
        var started = DateTime.UtcNow.AddSeconds(-2);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var secrets = new Dictionary<string, string>
        {
            ["Form.Title"] = $"ЗаголовокДела{tag}",
            ["Form.Narrative"] = $"Рассказ пострадавшей NarrativeSecret{tag} о задержании",
            ["Form.Locality"] = $"МикрорайонСамал{tag}",
            ["Form.Victims[0].CodeName"] = $"Кодовое{tag}",
            ["Form.Victims[0].FullName"] = $"Айгерим Нурланова{tag}",
            ["Form.Victims[0].Contacts"] = $"+7 701 {tag} telegram",
            ["Form.Victims[0].DocumentNumbers"] = $"ИИН {tag}",
            ["Form.Acts[0].Perpetrators[0].Description"] = $"УчастковыйСержант{tag}",
            ["Form.Acts[0].ConsequencesNote"] = $"Потеряла работу{tag}",
            ["Form.Sources[0].Description"] = $"СоседкаСвидетель{tag}",
            ["Form.Interventions[0].Note"] = $"ЗаявлениеНеПриняли{tag}",
            ["Form.PublicSummary"] = $"КраткоеОписание{tag}",
        };
        // Typed into the submission editor and the register, which hold drafts and the coalition's judgements.
        var reportSecrets = new Dictionary<string, string>
        {
            ["New.Title"] = $"ДокладКоалиции{tag}",
            ["P.Text"] = $"АбзацДоклада{tag}",
            ["P.Footnotes[0].Title"] = $"СтатьяВСМИ{tag}",
            ["Recommendation.Text"] = $"ОценкаРекомендации{tag}",
        };
        var vocabularyChoices = new Dictionary<string, string>
        {
            ["Form.Region"] = "east_kazakhstan",
            ["Form.Settlement"] = "ridder",
            ["Form.Acts[0].Violations"] = "legal_gender_recognition_refused",
            ["Form.Acts[0].Perpetrators[0].Type"] = "registration_service",
            ["Form.Victims[0].SexCharacteristics"] = "intersex",
            ["Form.Sources[0].Type"] = "official_document",
            ["Form.Interventions[0].Response"] = "refused_to_register",
        };
        var fileName = $"паспорт{tag}.jpg";
        var fileContent = Encoding.UTF8.GetBytes($"EXIF photo of document {tag}");

        var app = new DalelApp { KeepDataDirectory = true };
        var dataDirectory = app.DataDirectory;
        try
        {
            app.Unseal();
            using var documenter = await app.SignInAs(Role.Documenter);
            var newCase = CaseRoutes.New(app.OrgA);
            var page = await documenter.Page(newCase);
            var form = page.QuerySelector<IHtmlFormElement>("main form")!;
            var withRows = await WebBrowser.Parse(await documenter.Submit(form, newCase, [], "add-source"));
            withRows = await WebBrowser.Parse(await documenter.Submit(withRows.QuerySelector<IHtmlFormElement>("main form")!, newCase, [], "add-intervention"));
            var values = new Dictionary<string, string>(secrets.Concat(vocabularyChoices))
            {
                ["Form.DateFrom"] = "2024-04-12",
                ["Form.Interventions[0].Type"] = "complaint_police",
            };
            var saved = await documenter.Submit(withRows.QuerySelector<IHtmlFormElement>("main form")!, newCase, values, "save");
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            var caseUrl = saved.Headers.Location!.OriginalString;

            Assert.Equal(HttpStatusCode.Redirect, (await documenter.Upload($"{caseUrl}?handler=Upload", fileName, fileContent)).StatusCode);
            var shown = await (await documenter.Post($"{caseUrl}?handler=Reveal")).Content.ReadAsStringAsync();
            Assert.Contains(secrets["Form.Victims[0].FullName"], shown, StringComparison.Ordinal);
            Assert.Contains(secrets["Form.Narrative"], shown, StringComparison.Ordinal);
            var created = await documenter.Post(SubmissionRoutes.List(app.OrgA), new() { ["New.Title"] = reportSecrets["New.Title"], ["New.Mechanism"] = "ccpr", ["New.Language"] = "ru" });
            Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
            var editor = created.Headers.Location!.OriginalString;
            var editorPage = await documenter.Page(editor);
            Assert.Equal(HttpStatusCode.Redirect, (await documenter.Submit(editorPage.QuerySelector<IHtmlFormElement>("form[action*='handler=AddParagraph']")!, editor, [])).StatusCode);
            editorPage = await documenter.Page(editor);
            var paragraphSaved = await documenter.Submit(editorPage.QuerySelector<IHtmlFormElement>("form[action*='handler=Paragraph']")!, editor,
                new() { ["P.Text"] = reportSecrets["P.Text"], ["P.Footnotes[0].Title"] = reportSecrets["P.Footnotes[0].Title"] });
            Assert.Equal(HttpStatusCode.Redirect, paragraphSaved.StatusCode);
            Assert.Contains(reportSecrets["P.Text"], (await documenter.Page(editor)).Body!.TextContent, StringComparison.Ordinal);
            var recommendation = await documenter.Post(RegisterRoutes.Register(app.OrgA) + "?handler=Recommendation", new()
            {
                ["Recommendation.Mechanism"] = "ccpr", ["Recommendation.Symbol"] = "CCPR/C/KAZ/CO/3", ["Recommendation.Paragraph"] = "10", ["Recommendation.Text"] = reportSecrets["Recommendation.Text"],
            });
            Assert.Equal(HttpStatusCode.Redirect, recommendation.StatusCode);

            var search = await documenter.Page(CaseRoutes.List(app.OrgA) + $"?q={Uri.EscapeDataString("NarrativeSecret" + tag)}");
            Assert.Contains(secrets["Form.Title"], search.Body!.TextContent, StringComparison.Ordinal);

            using var owner = await app.SignInAs(Role.Owner);
            Assert.Equal(HttpStatusCode.Redirect, (await owner.Post("/vault/seal")).StatusCode);
            Assert.True(app.Instance.Vault.IsSealed);
        }
        finally
        {
            await app.DisposeAsync();
        }

        var needles = secrets.Values.Concat(reportSecrets.Values).Append(fileName).Append(Encoding.UTF8.GetString(fileContent)).Concat(vocabularyChoices.Values.Where(v => v.Length >= 10)).ToList();
        var leaks = await AtRest.Leaks(dataDirectory, app.Logs.All, needles, started);
        Directory.Delete(dataDirectory, recursive: true);
        Assert.Empty(leaks);
    }

    [Fact]
    public async Task Nothing_of_an_imported_sheet_its_saved_mapping_or_an_API_token_is_readable_at_rest_once_sealed()
    {
        var started = DateTime.UtcNow.AddSeconds(-2);
        var tag = Guid.NewGuid().ToString("N")[..10];
        var sheet = Encoding.UTF8.GetBytes(string.Join("\r\n",
            "Номер,Дата,Что произошло,Кто,Нарушение,Имя",
            $"REF{tag},15.03.2024,ИмпортРассказ{tag},участковый{tag},вымогательство,ИмяПострадавшей{tag}"));
        var sheetHash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sheet));
        var secrets = new List<string> { $"REF{tag}", $"ИмпортРассказ{tag}", $"участковый{tag}", $"ИмяПострадавшей{tag}", $"Профиль{tag}", $"Токен{tag}", $"APIрассказ{tag}", sheetHash };
        var app = new DalelApp { KeepDataDirectory = true };
        var dataDirectory = app.DataDirectory;
        try
        {
            app.Unseal();
            using var documenter = await app.SignInAs(Role.Documenter);
            var uploaded = await documenter.Upload(Dalel.Web.Pages.Orgs.Import.ImportRoutes.Index(app.OrgA) + "?handler=Upload", $"таблица{tag}.csv", sheet);
            var columns = await documenter.SubmitForm(uploaded.Headers.Location!.OriginalString, "form[action*='handler=Columns']", new() { ["Field5"] = "victim_name" });
            var values = await documenter.Page(columns.Headers.Location!.OriginalString);
            var perpetrator = values.QuerySelectorAll("tr").Single(r => r.TextContent.Contains($"участковый{tag}", StringComparison.Ordinal)).QuerySelector<IHtmlSelectElement>("select")!;
            var toCheck = await documenter.Submit(values.QuerySelector<IHtmlFormElement>("form[action*='handler=Values']")!, "", new() { [perpetrator.Name!] = "police" });
            var check = await documenter.Page(toCheck.Headers.Location!.OriginalString);
            var confirmed = await documenter.Submit(check.QuerySelector<IHtmlFormElement>("form[action*='handler=Confirm']")!, "", new() { ["ProfileName"] = $"Профиль{tag}" });
            Assert.Equal(HttpStatusCode.Redirect, confirmed.StatusCode);

            using var owner = await app.SignInAs(Role.Owner);
            var tokenPage = await owner.SubmitForm(Dalel.Web.Pages.Orgs.Tokens.TokenRoutes.Tokens(app.OrgA), "form[action*='handler=Create']", new() { ["Create.Name"] = $"Токен{tag}", ["Create.Scopes"] = "cases:write", ["Create.Days"] = "30" });
            var token = (await WebBrowser.Parse(tokenPage)).QuerySelector("#token-secret")!.TextContent.Trim();
            secrets.Add(token.Split('.')[^1]);
            using var api = app.CreateClient();
            api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            var created = await System.Net.Http.Json.HttpClientJsonExtensions.PostAsJsonAsync(api, "/api/v1/cases", new
            {
                title = "API", narrative = $"APIрассказ{tag}", date = "2024",
                victims = new[] { new { codeName = "V" } }, acts = new[] { new { victim = "V", violations = new[] { "raid" } } },
            });
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);

            Assert.Equal(HttpStatusCode.Redirect, (await owner.Post("/vault/seal")).StatusCode);
            Assert.True(app.Instance.Vault.IsSealed);
        }
        finally
        {
            await app.DisposeAsync();
        }

        var leaks = await AtRest.Leaks(dataDirectory, app.Logs.All, secrets, started);
        Directory.Delete(dataDirectory, recursive: true);
        Assert.Empty(leaks);
    }
}
