using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>Creates (/o/{org}/cases/new) or edits a case. Anything the user typed survives every round trip.</summary>
public sealed class EditModel : OrgPageModel
{
    [BindProperty]
    public CaseForm Form { get; set; } = CaseForm.Blank();

    /// <summary>"save", or a row command such as "add-victim" or "remove-perpetrator-0-1".</summary>
    [BindProperty]
    public string? Command { get; set; }

    [FromRoute]
    public Guid? Id { get; set; }

    /// <summary>The public report this new case is drafted from: nothing is recorded until the form is saved.</summary>
    [BindProperty(SupportsGet = true)]
    public Guid? Report { get; set; }

    /// <summary>Evidence files chosen on this form now; held until the case is saved.</summary>
    [BindProperty]
    public List<IFormFile> Files { get; set; } = [];

    /// <summary>Files chosen on earlier rounds of this form and still held (unticked ones are let go).</summary>
    [BindProperty]
    public List<Guid> Held { get; set; } = [];

    public IReadOnlyList<HeldFile> HeldFiles { get; private set; } = [];

    /// <summary>Words of the report read as a region or a perpetrator, shown for the documenter to check.</summary>
    public IReadOnlyList<Dalel.Core.Intake.DraftSuggestion> Suggestions { get; private set; } = [];

    public bool IsNew => Id is null;

    [Requires(Capability.WriteCases)]
    public IActionResult OnGet()
    {
        if (!Scope.Can(Capability.WriteCases))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (Id is { } id)
        {
            var loaded = new GetCase(Instance).ForEdit(Scope, id);
            if (!loaded.IsOk)
            {
                return this.Show(loaded.Error!);
            }

            Form = CaseForm.From(loaded.Value.Content, loaded.Value.Version);
        }
        else if (Report is { } report)
        {
            var draft = new Dalel.Core.Intake.DraftCaseFromReport(Instance).Run(Scope, report, Localization.L.Lang);
            if (draft.Error is AlreadyExists)
            {
                return Redirect(Intake.IntakeRoutes.Report(OrgId, report));
            }

            if (!draft.IsOk)
            {
                return this.Show(draft.Error!);
            }

            Form = CaseForm.From(draft.Value.Content, 0);
            Suggestions = draft.Value.Suggestions;
        }

        return Page();
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPost()
    {
        if (!Scope.Can(Capability.WriteCases))
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (Command is { Length: > 0 } command && command != "save")
        {
            Form.Apply(command);
            // Re-render from the changed model, not from the posted values at their old row numbers.
            ModelState.Clear();
            HoldFiles();
            return Page();
        }

        IReadOnlyList<Dalel.Core.Cases.Victim> previous = [];
        if (Id is { } existing)
        {
            var loaded = new GetCase(Instance).ForEdit(Scope, existing, audit: false);
            if (!loaded.IsOk)
            {
                return this.Show(loaded.Error!);
            }

            previous = loaded.Value.Content.Victims;
        }

        ModelState.Clear();
        var filesHeld = HoldFiles();
        var (content, errors) = Form.ToContent(previous, Instance.Catalog, DateOnly.FromDateTime(Instance.Clock.GetUtcNow().UtcDateTime));
        if (content is null)
        {
            return this.Show(new Dalel.Core.Invalid(errors), nameof(Form), CaseForm.FormField);
        }

        if (!filesHeld)
        {
            return Page();
        }

        if (Id is { } id)
        {
            var updated = new UpdateCase(Instance).Run(Scope, id, Form.Version, content);
            if (updated.IsOk && Attach(id))
            {
                TempData["Done"] = Localization.L.T("case.saved");
            }

            return updated.IsOk ? Redirect(CaseRoutes.Case(OrgId, id)) : this.Show(updated.Error!, nameof(Form), CaseForm.FormField);
        }

        var created = Report is { } fromReport
            ? new Dalel.Core.Intake.ConvertIntakeReport(Instance).Run(Scope, fromReport, content)
            : new RecordCase(Instance).Run(Scope, content);
        if (created.IsOk && Attach(created.Value))
        {
            TempData["Done"] = Localization.L.T("case.recorded_now");
        }

        return created.IsOk ? Redirect(CaseRoutes.Case(OrgId, created.Value)) : this.Show(created.Error!, nameof(Form), CaseForm.FormField);
    }

    /// <summary>Holds the files chosen on this round beside those kept from earlier ones; false if one was refused.</summary>
    private bool HoldFiles()
    {
        var all = true;
        foreach (var file in Files.Where(f => f.Length > 0 || f.FileName.Length > 0))
        {
            using var stream = new MemoryStream();
            file.CopyTo(stream);
            var held = new HoldEvidence(Instance).Run(Scope, file.FileName, file.ContentType, stream.ToArray());
            if (held.IsOk)
            {
                Held.Add(held.Value.Id);
            }
            else
            {
                all = false;
                ModelState.AddModelError(nameof(Files), held.Error is Invalid invalid
                    ? Dalel.Core.Text.Texts.Describe(invalid.Errors[0], Localization.L.Lang)
                    : Localization.L.Error(held.Error!));
            }
        }

        HeldFiles = Instance.HeldEvidence.Of(Held, Scope, Instance.Clock.GetUtcNow());
        return all;
    }

    /// <summary>Attaches the held files to the case just saved; a refusal is said on the case page.</summary>
    private bool Attach(Guid caseId)
    {
        var attached = new AttachHeldEvidence(Instance).Run(Scope, caseId, Held);
        if (!attached.IsOk)
        {
            TempData["Done"] = Localization.L.Error(attached.Error!);
        }

        return attached.IsOk;
    }
}
