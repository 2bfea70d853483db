using Dalel.Core;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;

namespace Dalel.Web.Pages.Orgs.Submissions;

/// <summary>
/// The submission editor. Every change is one small form naming the version it was made on; the page shows the
/// document as it would be exported (numbers, word count, problems) after each change. Works without JavaScript.
/// </summary>
public sealed class EditModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public HeaderForm Header { get; set; } = new();

    [BindProperty]
    public ParagraphForm P { get; set; } = new();

    [BindProperty]
    public long Version { get; set; }

    /// <summary>The paragraph whose form is shown (?edit=ID).</summary>
    [FromQuery(Name = "edit")]
    public Guid? Editing { get; set; }

    /// <summary>The paragraph whose deletion waits for a second press (?delete=ID).</summary>
    [FromQuery(Name = "delete")]
    public Guid? ConfirmingDelete { get; set; }

    public Submission Source { get; private set; } = null!;

    public BuiltSubmission Built { get; private set; } = null!;

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    public IReadOnlyList<StoryCase> StoryCases { get; private set; } = [];

    public IReadOnlyList<RecommendationView> Recommendations { get; private set; } = [];

    /// <summary>The paragraph whose save failed: it is shown as the user typed it, so nothing is lost.</summary>
    public Guid? Unsaved { get; private set; }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.EditReports)]
    public IActionResult OnPostHeader()
    {
        var deadline = DateField("Header.Deadline", Header.Deadline);
        var sessionFrom = DateField("Header.SessionFrom", Header.SessionFrom);
        var sessionTo = DateField("Header.SessionTo", Header.SessionTo);
        return ModelState.IsValid ? Change(s => Header.ToHeader(deadline, sessionFrom, sessionTo).ApplyTo(s, OrgId), nameof(Header)) : Load();
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostAddSection(string? title, string? articles) =>
        Change(s => string.IsNullOrWhiteSpace(title) ? Invalid.One("title", "error.required") : SubmissionEdits.AddSection(s, title, articles ?? "", Guid.NewGuid()));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostSection(Guid section, string? title, string? articles) =>
        Change(s => string.IsNullOrWhiteSpace(title) ? Invalid.One("title", "error.required") : SubmissionEdits.UpdateSection(s, section, title, articles ?? ""));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostMoveSection(Guid section, int delta) => Change(s => SubmissionEdits.MoveSection(s, section, Math.Sign(delta)));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDeleteSection(Guid section) => Change(s => SubmissionEdits.RemoveSection(s, section));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostAddParagraph(Guid section)
    {
        var paragraph = Guid.NewGuid();
        return Change(s => SubmissionEdits.AddParagraph(s, section, new Paragraph { Id = paragraph }), anchor: $"p-{paragraph}");
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostParagraph()
    {
        var from = DateField("P.From", P.From);
        var to = DateField("P.To", P.To);
        if (!ModelState.IsValid)
        {
            Unsaved = P.Id;
            return Load();
        }

        return Change(s => SubmissionEdits.UpdateParagraph(s, P.Id, p => P.Apply(p, from, to)), nameof(P), unsaved: P.Id, anchor: $"p-{P.Id}");
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostMoveParagraph(Guid paragraph, int delta) => Change(s => SubmissionEdits.MoveParagraph(s, paragraph, Math.Sign(delta)), anchor: $"p-{paragraph}");

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDeleteParagraph(Guid paragraph, bool confirmed)
    {
        if (confirmed)
        {
            return Change(s => SubmissionEdits.RemoveParagraph(s, paragraph));
        }

        // A paragraph cannot be brought back: the first press asks, beside the paragraph itself (no script needed).
        var found = new GetSubmission(Instance).Run(Scope, Id);
        return found.IsOk
            ? Redirect($"/o/{OrgId}/submissions/{Id}?delete={paragraph}#p-{paragraph}")
            : this.Show(found.Error!);
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostAddRecommendation(Guid section, string? text, Guid? register) =>
        Change(s => RecommendationText(text, register) is { } t
            ? SubmissionEdits.AddRecommendation(s, section, new SectionRecommendation { Id = Guid.NewGuid(), Text = t, Recommendation = register })
            : Invalid.One("text", "error.required"));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostRecommendation(Guid recommendation, string? text, Guid? register) =>
        Change(s => RecommendationText(text, register) is { } t ? SubmissionEdits.UpdateRecommendation(s, recommendation, t, register) : Invalid.One("text", "error.required"));

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDeleteRecommendation(Guid recommendation) => Change(s => SubmissionEdits.RemoveRecommendation(s, recommendation));

    [Requires(Capability.AcceptPublicationRisks)]
    public IActionResult OnPostAccept(Guid paragraph, string kind, string excerpt) =>
        Done(new AcceptStoryRisk(Instance).Run(Scope, Id, paragraph, new StoryFlag(kind, excerpt)), $"p-{paragraph}");

    [Requires(Capability.AcceptPublicationRisks)]
    public IActionResult OnPostOverride(bool overridden) => Done(new OverrideWordLimit(Instance).Run(Scope, Id, overridden), null);

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDelete()
    {
        var deleted = new DeleteSubmission(Instance).Run(Scope, Id);
        return deleted.IsOk ? Redirect(SubmissionRoutes.List(OrgId)) : this.Show(deleted.Error!);
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnGetExport(string format)
    {
        var kind = format == "html" ? SubmissionFormat.Html : SubmissionFormat.Docx;
        using var output = new MemoryStream();
        var exported = new ExportSubmission(Instance).Run(Scope, Id, kind, output);
        if (!exported.IsOk)
        {
            var shown = this.Show(exported.Error!);
            return shown is PageResult ? Load() : shown;
        }

        var name = "submission-" + DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        return kind == SubmissionFormat.Html
            ? File(output.ToArray(), "text/html; charset=utf-8", name + ".html")
            : File(output.ToArray(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document", name + ".docx");
    }

    /// <summary>A recommendation echoing one of the register takes its text when none is typed.</summary>
    private string? RecommendationText(string? text, Guid? register)
    {
        if (!string.IsNullOrWhiteSpace(text))
        {
            return text.Trim();
        }

        return register is { } id && new ReadRegister(Instance).Run(Scope) is { IsOk: true } read
            ? read.Value.Recommendations.FirstOrDefault(r => r.Id == id)?.Recommendation.Text
            : null;
    }

    private IActionResult Change(Func<Submission, Result<Submission>> change, string prefix = "", Guid? unsaved = null, string? anchor = null) =>
        Done(new EditSubmission(Instance).Run(Scope, Id, Version, change), anchor, prefix, unsaved);

    private IActionResult Done<T>(Result<T> result, string? anchor, string prefix = "", Guid? unsaved = null)
    {
        if (result.IsOk)
        {
            return Redirect(SubmissionRoutes.Submission(OrgId, Id, anchor));
        }

        Unsaved = unsaved;
        var shown = this.Show(result.Error!, prefix);
        return shown is PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var found = new GetSubmission(Instance).Run(Scope, Id);
        if (!found.IsOk)
        {
            return this.Show(found.Error!);
        }

        Source = found.Value.Value;
        Version = found.Value.Version;
        ModelState.Remove(nameof(Version));
        if (Request.Method == "GET" || !ModelState.ContainsKey("Header.Title"))
        {
            Header = HeaderForm.From(Source);
        }

        Built = new BuildSubmission(Instance).Run(Scope, Id).Value;
        Organisations = new ListOrganisations(Instance).Run() is { IsOk: true } orgs ? orgs.Value : [];
        StoryCases = Scope.Can(Capability.ReadNarratives) && new ListStoryCases(Instance).Run(Scope) is { IsOk: true } cases ? cases.Value : [];
        Recommendations = new ReadRegister(Instance).Run(Scope) is { IsOk: true } register ? register.Value.Recommendations : [];
        return Page();
    }

    public ParagraphForm FormFor(Paragraph paragraph) => Unsaved == paragraph.Id ? P : ParagraphForm.Of(paragraph);

    public Mechanism? Mechanism => MechanismCatalog.Default.Find(Source.Mechanism);
}
