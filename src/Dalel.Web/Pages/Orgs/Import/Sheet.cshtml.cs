using System.Globalization;
using Dalel.Core;
using Dalel.Core.Import;
using Dalel.Core.Members;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Orgs.Import;

/// <summary>
/// The steps of one sheet's import, each a plain form: columns (which field each column holds, a row per case or per
/// victim), values (the term for every distinct value of each coded column, suggested and shown with why), then the
/// dry run's report and the confirmation. The upload stays in server memory between steps.
/// </summary>
public sealed class SheetModel : OrgPageModel
{
    /// <summary>What "ignore this value" posts, as opposed to "" (not chosen yet).</summary>
    public const string Ignore = "-";

    [FromRoute]
    public Guid Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public string Step { get; set; } = "columns";

    public PendingImport Pending { get; private set; } = null!;

    public Core.Import.Sheet Sheet { get; private set; } = null!;

    /// <summary>Up to three example values per column, for the person to recognise it.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Examples { get; private set; } = [];

    public IReadOnlyList<FieldValues> Values { get; private set; } = [];

    public ImportReport? Report { get; private set; }

    /// <summary>The upload is not (or no longer) here.</summary>
    public bool Gone { get; private set; }

    [BindProperty]
    public string? ProfileName { get; set; }

    [Requires(Capability.WriteCases)]
    public IActionResult OnGet() => Load() ?? Show();

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostColumns(bool rowPerVictim, string? consentMethod)
    {
        if (Load() is { } failed)
        {
            return failed;
        }

        var columns = new List<MappedColumn>();
        for (var i = 0; i < Sheet.Header.Count; i++)
        {
            if (Request.Form[$"Field{i}"].ToString() is { Length: > 0 } field && ImportFields.All.Contains(field))
            {
                columns.Add(new MappedColumn(i, field));
            }
        }

        Pending.Mapping = Pending.Mapping with
        {
            Columns = columns,
            RowPerVictim = rowPerVictim,
            ConsentMethod = string.IsNullOrEmpty(consentMethod) ? null : consentMethod,
            Language = L.Lang,
        };
        var problems = Pending.Mapping.Check(Sheet.Header, Instance.Catalog);
        if (problems.Count > 0)
        {
            Step = "columns";
            this.Show(new Invalid(problems), fieldName: _ => "");
            return Show();
        }

        return Redirect(ImportRoutes.Sheet(OrgId, Id, "values"));
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostValues()
    {
        if (Load() is { } failed)
        {
            return failed;
        }

        var chosen = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        foreach (var (field, shown) in Pending.ShownValues)
        {
            var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            for (var i = 0; i < shown.Count; i++)
            {
                var code = ImportFields.MapsToSeveral(field)
                    ? string.Join('+', Instance.Catalog[Core.Vocabularies.Catalog.ConsentUses].Terms.Select(t => t.Code).Where(use => Request.Form[$"c.{field}.{i}.{use}"].ToString() == "on"))
                    : Request.Form[$"v.{field}.{i}"].ToString();
                if (code == Ignore)
                {
                    values[shown[i]] = "";
                }
                else if (code.Length > 0)
                {
                    values[shown[i]] = code;
                }
            }

            chosen[field] = values;
        }

        // Values of fields not shown now (a profile's other columns) are kept for the next sheet.
        foreach (var (field, values) in Pending.Mapping.Values.Where(v => !chosen.ContainsKey(v.Key)))
        {
            chosen[field] = values;
        }

        Pending.Mapping = Pending.Mapping with
        {
            Values = chosen.ToDictionary(
                c => c.Key,
                c => (IReadOnlyDictionary<string, string>)(Pending.Mapping.Values.TryGetValue(c.Key, out var earlier)
                    ? earlier.Where(e => !Pending.ShownValues.GetValueOrDefault(c.Key, []).Contains(e.Key, StringComparer.OrdinalIgnoreCase)).Concat(c.Value).ToDictionary(e => e.Key, e => e.Value, StringComparer.OrdinalIgnoreCase)
                    : c.Value),
                StringComparer.Ordinal),
        };
        return Redirect(ImportRoutes.Sheet(OrgId, Id, "check"));
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostConfirm()
    {
        if (Load() is { } failed)
        {
            return failed;
        }

        var imported = new ImportSheet(Instance).Run(Scope, Sheet, Pending.Mapping, Pending.Sha256, Pending.Profile);
        if (!imported.IsOk)
        {
            Step = "check";
            if (imported.Error is ImportRejected rejected)
            {
                Report = rejected.Report;
                ModelState.AddModelError("", Core.Text.Texts.Describe(rejected, L.Lang));
                return Page();
            }

            return this.Show(imported.Error!) is PageResult ? Show() : this.Show(imported.Error!);
        }

        if (!string.IsNullOrWhiteSpace(ProfileName))
        {
            var saved = new SaveImportProfile(Instance).Run(Scope, ProfileName, Pending.Mapping.WithHeaders(Sheet.Header));
            if (!saved.IsOk)
            {
                // The cases are in; only the profile failed (a name too long): say so, keep going.
                TempData["Done"] = Core.Text.Texts.Describe(saved.Error!, L.Lang);
            }
        }

        new FindPendingImport(Instance).Forget(Scope, Id);
        var r = imported.Value;
        TempData["Done"] = L.T("import.done", r.Created.ToString(CultureInfo.InvariantCulture), r.Updated.ToString(CultureInfo.InvariantCulture), r.Unchanged.ToString(CultureInfo.InvariantCulture))
            + (TempData["Done"] is string note ? " " + note : "");
        return Redirect(ImportRoutes.Index(OrgId));
    }

    [Requires(Capability.WriteCases)]
    public IActionResult OnPostCancel()
    {
        if (Load() is { } failed)
        {
            return failed;
        }

        new FindPendingImport(Instance).Forget(Scope, Id);
        return Redirect(ImportRoutes.Index(OrgId));
    }

    /// <summary>The upload, or the page saying it is gone (expired, sealed meanwhile, or not this member's).</summary>
    private IActionResult? Load()
    {
        var found = new FindPendingImport(Instance).Run(Scope, Id);
        if (!found.IsOk)
        {
            if (found.Error is NotFound)
            {
                // Expired, sealed meanwhile, or not this member's: the same answer for all three.
                Gone = true;
                Response.StatusCode = StatusCodes.Status404NotFound;
                return Page();
            }

            return this.Show(found.Error!);
        }

        Pending = found.Value;
        Sheet = Pending.Sheet;
        return null;
    }

    private IActionResult Show()
    {
        switch (Step)
        {
            case "values":
                Values = SuggestMapping.Values(Sheet, Pending.Mapping, Instance.Catalog);
                Pending.ShownValues = Values.ToDictionary(v => v.Field, v => (IReadOnlyList<string>)v.Values.Select(s => s.Value).ToList());
                break;
            case "check":
                var report = new ImportSheet(Instance).DryRun(Scope, Sheet, Pending.Mapping);
                if (!report.IsOk)
                {
                    Step = "columns";
                    this.Show(report.Error!, fieldName: _ => "");
                    return Show();
                }

                Report = report.Value;
                break;
            default:
                Step = "columns";
                var examples = Sheet.Header.Select(_ => new List<string>()).ToList();
                foreach (var row in Sheet.Rows.Take(200))
                {
                    for (var i = 0; i < examples.Count; i++)
                    {
                        if (examples[i].Count < 3 && row[i].Trim() is { Length: > 0 } cell && !examples[i].Contains(cell))
                        {
                            examples[i].Add(cell.Length > 60 ? cell[..60] + "…" : cell);
                        }
                    }
                }

                Examples = examples;
                break;
        }

        return Page();
    }

    public Core.Vocabularies.Catalog Catalog => Instance.Catalog;

    public string FieldLabel(string field) => L.T("import.field." + field);

    /// <summary>The terms a value of the field can be mapped to; a settlement shows its region.</summary>
    public IReadOnlyList<(string Code, string Label)> Choices(string field)
    {
        var choices = ImportChoices.For(field, Instance.Catalog, Pending.Mapping.AllCountries);
        return choices.Terms
            .Select(t => (t.Code, t.Code.Split('/') is [var region, _]
                ? $"{t.Labels.For(L.Lang)} ({choices.Find(region)?.Labels.For(L.Lang)})"
                : t.Labels.For(L.Lang)))
            .ToList();
    }
}
