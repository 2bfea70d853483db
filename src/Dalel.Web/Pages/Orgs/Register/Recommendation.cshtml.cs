using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Register;
using Dalel.Core.Organisations;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Register;

/// <summary>One recommendation: its text and source, the history of assessments, and this organisation's evidence.</summary>
public sealed class RecommendationModel : OrgPageModel
{
    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty]
    public RecommendationForm Edit { get; set; } = new();

    [BindProperty]
    public AssessmentForm Assess { get; set; } = new();

    public sealed class AssessmentForm
    {
        public string? Date { get; set; }

        public AssessmentSource Source { get; set; } = AssessmentSource.Coalition;

        public string Status { get; set; } = "not_implemented";

        public string? Note { get; set; }

        public string? Symbol { get; set; }

        public string? Paragraphs { get; set; }
    }

    public RecommendationView View { get; private set; } = null!;

    /// <summary>The organisation's cases that can be offered as evidence, newest first, as the member may see them.</summary>
    /// <summary>The organisation's cases linked to the recommendation.</summary>
    public IReadOnlyList<CaseSummary> Cases { get; private set; } = [];

    /// <summary>Words to find a case to link (title, codes, places, as the case list searches).</summary>
    [BindProperty(SupportsGet = true, Name = "pick")]
    public string? Pick { get; set; }

    [BindProperty(SupportsGet = true, Name = "pickpage")]
    public int PickPage { get; set; } = 1;

    public CasePage? Picker { get; private set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load(fillForm: true);

    [Requires(Capability.EditReports)]
    public IActionResult OnPostEdit()
    {
        var current = Find();
        if (current is null)
        {
            return NotFound();
        }

        var due = DateField("Edit.FollowUpDue", Edit.FollowUpDue);
        if (!ModelState.IsValid)
        {
            return Load(fillForm: false);
        }

        var saved = new SaveRegisterEntry<Recommendation>(Instance).Run(Scope, Id, Edit.Version, Edit.ToRecommendation(due, current));
        return After(saved, nameof(Edit));
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostAssess()
    {
        var date = DateField("Assess.Date", Assess.Date);
        if (date is null && ModelState.IsValid)
        {
            ModelState.AddModelError("Assess.Date", Localization.L.T("error.required"));
        }

        if (!ModelState.IsValid)
        {
            return Load(fillForm: true);
        }

        var assessment = new ImplementationAssessment
        {
            Date = date!.Value,
            Source = Assess.Source,
            Status = Assess.Status,
            Note = string.IsNullOrWhiteSpace(Assess.Note) ? null : Assess.Note.Trim(),
            Reference = string.IsNullOrWhiteSpace(Assess.Symbol) ? null : new ParagraphRef(Assess.Symbol.Trim(), Assess.Paragraphs?.Trim() ?? ""),
        };
        return After(new AssessRecommendation(Instance).Run(Scope, Id, assessment), nameof(Assess));
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostLink(Guid caseId) => After(new LinkEvidence(Instance).Run(Scope, Id, caseId, link: true), "");

    [Requires(Capability.EditReports)]
    public IActionResult OnPostUnlink(Guid caseId) => After(new LinkEvidence(Instance).Run(Scope, Id, caseId, link: false), "");

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDelete()
    {
        var deleted = new DeleteRegisterEntry<Recommendation>(Instance).Run(Scope, Id);
        if (deleted.IsOk)
        {
            return Redirect(RegisterRoutes.Register(OrgId));
        }

        // A refusal is said on the recommendation's own page, shown as it was.
        var shown = this.Show(deleted.Error!);
        return shown is PageResult ? Load(fillForm: true) : shown;
    }

    private Recommendation? Find() =>
        new ReadRegister(Instance).Run(Scope) is { IsOk: true } read ? read.Value.Recommendations.FirstOrDefault(r => r.Id == Id)?.Recommendation : null;

    private IActionResult After<T>(Result<T> result, string prefix)
    {
        if (result.IsOk)
        {
            return Redirect(RegisterRoutes.Recommendation(OrgId, Id));
        }

        var shown = this.Show(result.Error!, prefix);
        return shown is PageResult ? Load(fillForm: false) : shown;
    }

    private IActionResult Load(bool fillForm)
    {
        var read = new ReadRegister(Instance).Run(Scope);
        if (!read.IsOk)
        {
            return this.Show(read.Error!);
        }

        var view = read.Value.Recommendations.FirstOrDefault(r => r.Id == Id);
        if (view is null)
        {
            return NotFound();
        }

        View = view;
        if (fillForm)
        {
            Edit = RecommendationForm.From(view.Recommendation, view.Version);
        }

        Organisations = new ListOrganisations(Instance).Run() is { IsOk: true } orgs ? orgs.Value : [];
        // The picker searches every case of the organisation, a page at a time; the linked ones are read on their own.
        var search = new SearchCases(Instance);
        var found = search.Run(Scope, new CaseQuery { Text = string.IsNullOrWhiteSpace(Pick) ? null : Pick, Page = PickPage, PageSize = 25 });
        Picker = found.IsOk ? found.Value : null;
        var linked = search.Run(Scope, new CaseQuery { Ids = View.OwnCases.ToHashSet(), PageSize = 200 });
        Cases = linked.IsOk ? linked.Value.Items : [];
        return Page();
    }
}
