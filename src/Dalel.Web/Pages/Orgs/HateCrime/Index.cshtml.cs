using Dalel.Core.HateCrime;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.HateCrime;

/// <summary>The organisation's incidents for ODIHR's annual hate crime report: a preview, then CSV or XLSX.</summary>
public sealed class IndexModel : OrgPageModel
{
    [FromQuery(Name = "year")]
    public int? Year { get; set; }

    public int SelectedYear => Year ?? Instance.Clock.GetUtcNow().Year - 1;

    [FromQuery(Name = "state")]
    public string? State { get; set; }

    /// <summary>ODIHR reports per participating State: one of the organisation's States, the first by default.</summary>
    public string SelectedState => OrgCountries.FirstOrDefault(c => c.Code == State)?.Code ?? OrgCountries[0].Code;

    public HateCrimeReport? Report { get; private set; }

    [Requires(Capability.ExportCases)]
    public IActionResult OnGet()
    {
        var selected = new ExportHateCrimes(Instance).Select(Scope, SelectedYear, Localization.L.Lang, SelectedState);
        if (!selected.IsOk)
        {
            return this.Show(selected.Error!);
        }

        Report = selected.Value;
        return Page();
    }

    [Requires(Capability.ExportCases)]
    public IActionResult OnGetDownload(string format)
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var xlsx = format == "xlsx";
        using var output = new MemoryStream();
        var written = new ExportHateCrimes(Instance).Run(Scope, SelectedYear, xlsx ? HateCrimeFormat.Xlsx : HateCrimeFormat.Csv, output, Localization.L.Lang, SelectedState);
        if (!written.IsOk)
        {
            return this.Show(written.Error!);
        }

        var name = $"hcr-{SelectedState.ToLowerInvariant()}-{SelectedYear}";
        return xlsx
            ? File(output.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx")
            : File(output.ToArray(), "text/csv; charset=utf-8", name + ".csv");
    }
}
