using System.Globalization;
using Dalel.Core;
using Dalel.Core.Register;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Register;

/// <summary>
/// The coalition's register of a review: UN documents by symbol, list-of-issues questions with the State's replies,
/// and recommendations with their latest assessment. Adding and importing need the EditReports capability.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    [BindProperty]
    public RecommendationForm Recommendation { get; set; } = new();

    [BindProperty]
    public DocumentForm Document { get; set; } = new();

    [BindProperty]
    public QuestionForm Question { get; set; } = new();

    [FromQuery(Name = "mechanism")]
    public string? MechanismFilter { get; set; }

    [FromQuery(Name = "status")]
    public string? StatusFilter { get; set; }

    /// <summary>A regional coalition follows several States' cycles; the register shows one or all.</summary>
    [FromQuery(Name = "state")]
    public string? StateFilter { get; set; }

    public RegisterView Register { get; private set; } = new([], [], []);

    public IEnumerable<RecommendationView> Shown => Register.Recommendations
        .Where(r => string.IsNullOrEmpty(MechanismFilter) || r.Recommendation.Mechanism == MechanismFilter)
        .Where(r => string.IsNullOrEmpty(StateFilter) || r.Recommendation.Country == StateFilter)
        .Where(r => string.IsNullOrEmpty(StatusFilter) || (StatusFilter == "none" ? r.Recommendation.Latest is null : r.Recommendation.Latest?.Status == StatusFilter));

    public string? Imported { get; private set; }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.EditReports)]
    public IActionResult OnPostRecommendation()
    {
        var due = DateField("Recommendation.FollowUpDue", Recommendation.FollowUpDue);
        return ModelState.IsValid
            ? After(new SaveRegisterEntry<Recommendation>(Instance).Run(Scope, null, 0, Recommendation.ToRecommendation(due)), nameof(Recommendation))
            : Load();
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDocument()
    {
        var date = DateField("Document.Date", Document.Date);
        if (!ModelState.IsValid)
        {
            return Load();
        }

        var document = new UnDocument
        {
            Symbol = Document.Symbol.Trim(),
            Type = Document.Type,
            Mechanism = Document.Mechanism,
            Country = Document.Country ?? "",
            Cycle = Document.Cycle,
            Session = string.IsNullOrWhiteSpace(Document.Session) ? null : Document.Session.Trim(),
            Date = date,
            Title = Document.Title.Trim(),
            Url = string.IsNullOrWhiteSpace(Document.Url) ? null : Document.Url.Trim(),
        };
        return After(new SaveRegisterEntry<UnDocument>(Instance).Run(Scope, null, 0, document), nameof(Document));
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostQuestion() =>
        After(new SaveRegisterEntry<ListQuestion>(Instance).Run(Scope, null, 0, Question.ToQuestion()), nameof(Question));

    /// <summary>The coalition's judgement of the State's reply, changed in place on the question's row.</summary>
    [Requires(Capability.EditReports)]
    public IActionResult OnPostAssessReply(Guid id, long version, ReplyAssessment? assessment, string? reason)
    {
        var loaded = new ReadRegister(Instance).Run(Scope);
        if (!loaded.IsOk)
        {
            return this.Show(loaded.Error!);
        }

        var question = loaded.Value.Questions.FirstOrDefault(q => q.Id == id);
        if (question is null)
        {
            return NotFound();
        }

        var changed = question.Value with { Assessment = assessment, AssessmentReason = string.IsNullOrWhiteSpace(reason) ? null : reason.Trim() };
        return After(new SaveRegisterEntry<ListQuestion>(Instance).Run(Scope, id, version, changed), "");
    }

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDeleteDocument(Guid id) => After(new DeleteRegisterEntry<UnDocument>(Instance).Run(Scope, id), "");

    [Requires(Capability.EditReports)]
    public IActionResult OnPostDeleteQuestion(Guid id) => After(new DeleteRegisterEntry<ListQuestion>(Instance).Run(Scope, id), "");

    [Requires(Capability.EditReports)]
    public IActionResult OnPostImport(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", Localization.L.T("error.file_empty"));
            return Load();
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var imported = new ImportUhriRecommendations(Instance).Run(Scope, reader);
        if (!imported.IsOk)
        {
            var shown = this.Show(imported.Error!);
            return shown is PageResult ? Load() : shown;
        }

        Imported = Localization.L.T("register.imported", imported.Value.Added.ToString(CultureInfo.InvariantCulture), imported.Value.AlreadyPresent.ToString(CultureInfo.InvariantCulture));
        return Load();
    }

    private IActionResult After<T>(Result<T> result, string prefix)
    {
        if (result.IsOk)
        {
            return Redirect(RegisterRoutes.Register(OrgId));
        }

        var shown = this.Show(result.Error!, prefix);
        return shown is PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var loaded = new ReadRegister(Instance).Run(Scope);
        if (!loaded.IsOk)
        {
            return this.Show(loaded.Error!);
        }

        Register = loaded.Value;
        return Page();
    }
}
