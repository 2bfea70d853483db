using Dalel.Core.Estimation;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Estimation;

/// <summary>
/// Multiple systems estimation in the coalition area: an overlap table (uploaded, or from confirmed duplicate
/// clusters) becomes estimates of how many incidents happened in all, with every model, its interval and warnings.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    public IReadOnlyList<StratumEstimate> Results { get; private set; } = [];

    /// <summary>Years left out because too few incidents were documented in them to show.</summary>
    public int WithheldYears { get; private set; }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Page();

    /// <summary>The overlap of the latest linkage result, counting only groups every organisation in them confirmed.</summary>
    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnPostFromLinkage(bool latentClass)
    {
        var linkage = new Dalel.Core.Linkage.OverlapsFromLinkage(Instance);
        var overlaps = linkage.Run(Scope);
        var k = Dalel.Core.Statistics.ComputeStatistics.DefaultThreshold;
        var years = linkage.ByYear(Scope, k);
        if (!overlaps.IsOk || !years.IsOk || overlaps.Value.Observed < k)
        {
            ModelState.AddModelError("", Localization.L.T("estimate.no_linkage"));
            return Page();
        }

        // All years together, then each year: stratifying guards against coverage changing from year to year.
        WithheldYears = years.Value.Withheld;
        Results = EstimateTotal.Run([overlaps.Value, .. years.Value.Years], new LatentClassSettings { BurnIn = 5_000, Samples = 1_000, Thin = 20 }, latentClass);
        return Page();
    }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnPost(IFormFile? file, bool latentClass)
    {
        if (file is null || file.Length == 0)
        {
            ModelState.AddModelError("file", Localization.L.T("error.file_empty"));
            return Page();
        }

        using var reader = new StreamReader(file.OpenReadStream());
        var read = OverlapsCsv.Read(reader);
        if (!read.IsOk)
        {
            return this.Show(read.Error!);
        }

        // The web keeps the sampler short enough for a request; the command line runs LCMCR's full default.
        Results = EstimateTotal.Run(read.Value, new LatentClassSettings { BurnIn = 5_000, Samples = 1_000, Thin = 20 }, latentClass);
        return Page();
    }
}
