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
    /// <summary>
    /// One estimate at a time in the whole instance: a model run takes a core, and sign-in and the public form must keep
    /// the other. Others asking meanwhile are told to try again.
    /// </summary>
    private static readonly SemaphoreSlim OneAtATime = new(1, 1);

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
        return Estimate([overlaps.Value, .. years.Value.Years], latentClass);
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

        return Estimate(read.Value, latentClass);
    }

    /// <summary>
    /// Runs within a time budget (Dalel:EstimateSeconds, 60 by default), and stops when the person leaves or the server
    /// stops; the page then says so. The sampler is kept short for a request; the command line runs LCMCR's default.
    /// </summary>
    private IActionResult Estimate(IReadOnlyList<ListOverlaps> strata, bool latentClass)
    {
        if (!OneAtATime.Wait(0))
        {
            return this.Show(Dalel.Core.Invalid.One("file", "error.estimate_busy"));
        }

        try
        {
            var stopping = HttpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted, stopping);
            var seconds = int.TryParse(HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Dalel:EstimateSeconds"], out var s) && s > 0 ? s : 60;
            budget.CancelAfter(TimeSpan.FromSeconds(seconds));
            var results = EstimateTotal.Run(strata, new LatentClassSettings { BurnIn = 5_000, Samples = 1_000, Thin = 20 }, latentClass, stop: budget.Token);
            if (!results.IsOk)
            {
                return this.Show(results.Error!);
            }

            Results = results.Value;
            return Page();
        }
        finally
        {
            OneAtATime.Release();
        }
    }
}
