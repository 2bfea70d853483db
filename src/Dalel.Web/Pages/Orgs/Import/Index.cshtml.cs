using System.Text;
using Dalel.Core.Import;
using Dalel.Core.Members;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Orgs.Import;

/// <summary>
/// Spreadsheets in and out: upload a sheet to import (owners and documenters), the template in three languages, the
/// organisation's cases as a sheet in the same layout (what each role may see), earlier imports and saved profiles.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    public IReadOnlyList<ImportBatch> Batches { get; private set; } = [];

    public IReadOnlyList<ImportProfile> Profiles { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public Guid? Profile { get; set; }

    public bool CanImport => Scope.Can(Capability.WriteCases);

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostUpload(IFormFile? file)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", L.T("error.file_empty"));
            return Load();
        }

        var content = new byte[file.Length];
        using (var stream = file.OpenReadStream())
        {
            stream.ReadExactly(content);
        }

        var started = new StartSheetImport(Instance).Run(Scope, file.FileName, content);
        if (!started.IsOk)
        {
            var shown = this.Show(started.Error!, fieldName: _ => "file");
            return shown is PageResult ? Load() : shown;
        }

        var pending = started.Value;
        if (Profile is { } id && SavedProfile(id) is { } profile)
        {
            pending.Mapping = profile.Mapping.ForSheet(pending.Sheet.Header);
            pending.Profile = profile.Name;
        }

        return Redirect(ImportRoutes.Sheet(OrgId, pending.Id, "columns"));
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostDeleteProfile(Guid id)
    {
        var deleted = new DeleteImportProfile(Instance).Run(Scope, id);
        if (!deleted.IsOk)
        {
            var shown = this.Show(deleted.Error!);
            return shown is PageResult ? Load() : shown;
        }

        return Redirect(ImportRoutes.Index(OrgId));
    }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGetTemplate(string lang)
    {
        if (!Core.Text.Texts.Languages.Contains(lang))
        {
            return NotFound();
        }

        using var buffer = new MemoryStream();
        WriteImportTemplate.Run(buffer, lang, Instance.Catalog);
        return File(buffer.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", $"dalel-import-template-{lang}.xlsx");
    }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGetExport(string format)
    {
        var csv = format == "csv";
        var language = L.Lang;
        return new FileCallbackResult(
            csv ? "text/csv; charset=utf-8" : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"dalel-cases.{(csv ? "csv" : "xlsx")}",
            (body, context) =>
            {
                // The writers are synchronous; let this one response write as it goes rather than buffer the file.
                context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
                new ExportCaseSheet(Instance).Run(Scope, csv ? SheetFormat.Csv : SheetFormat.Xlsx, language, body);
                return Task.CompletedTask;
            });
    }

    private ImportProfile? SavedProfile(Guid id) =>
        new ListImportProfiles(Instance).Run(Scope) is { IsOk: true } all ? all.Value.FirstOrDefault(p => p.Id == id) : null;

    private IActionResult Load()
    {
        if (CanImport)
        {
            var batches = new ListImportBatches(Instance).Run(Scope);
            var profiles = new ListImportProfiles(Instance).Run(Scope);
            if (!batches.IsOk || !profiles.IsOk)
            {
                return this.Show((batches.Error ?? profiles.Error)!);
            }

            Batches = batches.Value;
            Profiles = profiles.Value;
        }

        return Page();
    }
}
