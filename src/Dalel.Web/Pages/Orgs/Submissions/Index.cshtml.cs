using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Submissions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Submissions;

/// <summary>The organisation's submissions, and a form to start one with the mechanism's default outline.</summary>
public sealed class IndexModel : OrgPageModel
{
    [BindProperty]
    public HeaderForm New { get; set; } = new() { Language = Localization.L.Lang };

    public IReadOnlyList<Versioned<Submission>> Submissions { get; private set; } = [];

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.EditReports)]
    public IActionResult OnPost()
    {
        var deadline = DateField("New.Deadline", New.Deadline);
        var sessionFrom = DateField("New.SessionFrom", New.SessionFrom);
        var sessionTo = DateField("New.SessionTo", New.SessionTo);
        if (!ModelState.IsValid)
        {
            return Load();
        }

        var created = new CreateSubmission(Instance).Run(Scope, New.ToHeader(deadline, sessionFrom, sessionTo));
        if (!created.IsOk)
        {
            var shown = this.Show(created.Error!, nameof(New));
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(SubmissionRoutes.Submission(OrgId, created.Value));
    }

    private IActionResult Load()
    {
        var listed = new ListSubmissions(Instance).Run(Scope);
        if (!listed.IsOk)
        {
            return this.Show(listed.Error!);
        }

        Submissions = listed.Value;
        Organisations = new ListOrganisations(Instance).Run() is { IsOk: true } orgs ? orgs.Value : [];
        if (New.Country.Length == 0)
        {
            New.Country = Organisations.FirstOrDefault(o => o.Id == OrgId)?.Countries[0] ?? "KZ";
        }

        return Page();
    }
}
