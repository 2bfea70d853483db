using System.Globalization;
using Dalel.Core;
using Dalel.Core.Estimation;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Estimation;

/// <summary>The form as typed, kept as text so a wrong value comes back with a message beside it, not a binding error.</summary>
public sealed class EstimateForm
{
    public string Method { get; set; } = "best";

    public bool LatentClass { get; set; }

    public string Classes { get; set; } = "10";

    public string Chains { get; set; } = "4";

    public string BurnIn { get; set; } = "5000";

    public string Thin { get; set; } = "20";

    public string Samples { get; set; } = "500";
}

/// <summary>
/// Multiple systems estimation in the coalition area: an overlap table (uploaded, or from confirmed duplicate
/// clusters) becomes estimates of how many incidents happened in all, by the method chosen, with the spread across
/// models, the warnings that matter and, for several strata, their total.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    [BindProperty]
    public EstimateForm Form { get; set; } = new();

    public EstimateSet? Results { get; private set; }

    /// <summary>The estimate of all years together, shown before the years one by one.</summary>
    public EstimateSet? AllYears { get; private set; }

    /// <summary>Linkages drawn for a request: fewer than the command line's, to stay within a request's time.</summary>
    private const int LinkageSamples = 100;

    /// <summary>All years, model-averaged over linkages drawn from the pair probabilities (null without them).</summary>
    public LinkageAwareEstimate? LinkageAware { get; private set; }

    /// <summary>Set when the linkage compared only the pairs LSH blocking put together.</summary>
    public Dalel.Core.Linkage.LinkageBlocking? LinkageBlocking { get; private set; }

    /// <summary>Years estimated together with a neighbouring year because too few incidents were documented in them to show alone.</summary>
    public int MergedYears { get; private set; }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Page();

    /// <summary>The overlap of the latest linkage result, counting only groups every organisation in them confirmed.</summary>
    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnPostFromLinkage()
    {
        if (ReadRequest() is not { } request)
        {
            return Page();
        }

        // One result, opened once: the tables, the model and the draws all come from it.
        var linked = new Dalel.Core.Linkage.OverlapsFromLinkage(Instance).Open(Scope);
        var overlaps = linked.IsOk ? linked.Value.All() : linked.Error!;
        var k = Dalel.Core.Statistics.ComputeStatistics.DefaultThreshold;
        var years = linked.IsOk ? linked.Value.ByYear(k) : linked.Error!;
        if (!overlaps.IsOk || !years.IsOk || overlaps.Value.Observed < k)
        {
            ModelState.AddModelError("", Localization.L.T("estimate.no_linkage"));
            return Page();
        }

        // All years together, then each year (a small year with its neighbour): stratifying guards against coverage
        // changing from year to year, and the strata add up to all years, so their estimates are summed. Linkages drawn
        // from the pairs' probabilities carry the linkage's own uncertainty into one more estimate of all years.
        MergedYears = years.Value.Merged;
        LinkageBlocking = linked.Value.Model?.Blocking;
        return Estimate(request, [overlaps.Value], years.Value.Years, () => linked.Value.Drawn(LinkageSamples));
    }

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnPost(IFormFile? file)
    {
        var request = ReadRequest();
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

        return request is null ? Page() : Estimate(request, [], read.Value, () => []);
    }

    /// <summary>The request the form describes, or null with every wrong setting named beside its field.</summary>
    private EstimateRequest? ReadRequest()
    {
        var unreadable = new List<FieldError>();
        int Number(string field, string text)
        {
            if (int.TryParse(text.Replace(" ", "", StringComparison.Ordinal).Replace(",", "", StringComparison.Ordinal), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
            {
                return n;
            }

            unreadable.Add(LatentClassSettings.OutOfBounds(field));
            return LatentClassSettings.Bounds[field].Min;
        }

        var settings = new LatentClassSettings
        {
            Classes = Number(nameof(EstimateForm.Classes), Form.Classes),
            Chains = Number(nameof(EstimateForm.Chains), Form.Chains),
            BurnIn = Number(nameof(EstimateForm.BurnIn), Form.BurnIn),
            Thin = Number(nameof(EstimateForm.Thin), Form.Thin),
            Samples = Number(nameof(EstimateForm.Samples), Form.Samples),
        };
        var method = Form.Method switch
        {
            "averaged" => EstimateMethod.Averaged,
            "latent-class" => EstimateMethod.LatentClass,
            "independence" => EstimateMethod.Independence,
            _ => EstimateMethod.BestLogLinear,
        };

        // The settings matter only when the latent-class model runs; then every wrong one is named beside its field.
        var errors = unreadable.Concat(settings.Problems()).ToList();
        if ((method == EstimateMethod.LatentClass || Form.LatentClass) && errors.Count > 0)
        {
            this.Show(new Invalid(errors), nameof(Form));
            return null;
        }

        return new EstimateRequest { Headline = method, WithLatentClass = Form.LatentClass, LatentClass = settings };
    }

    /// <summary>
    /// Runs within a time budget (Dalel:EstimateSeconds, 60 by default), and stops when the person leaves or the server
    /// stops; the page then says so. The sampler is kept short for a request; the command line runs LCMCR's default.
    /// </summary>
    /// <param name="drawnLinkages">Tables drawn from a linkage's pair probabilities, made inside the budget and the one-at-a-time guard.</param>
    private IActionResult Estimate(EstimateRequest request, IReadOnlyList<ListOverlaps> whole, IReadOnlyList<ListOverlaps> strata, Func<IReadOnlyList<ListOverlaps>> drawnLinkages)
    {
        var oneAtATime = HttpContext.RequestServices.GetRequiredService<OneEstimateAtATime>().Gate;
        if (!oneAtATime.Wait(0))
        {
            return this.Show(Invalid.One("file", "error.estimate_busy"));
        }

        try
        {
            var stopping = HttpContext.RequestServices.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            using var budget = CancellationTokenSource.CreateLinkedTokenSource(HttpContext.RequestAborted, stopping);
            var seconds = int.TryParse(HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Dalel:EstimateSeconds"], out var s) && s > 0 ? s : 60;
            budget.CancelAfter(TimeSpan.FromSeconds(seconds));
            if (whole.Count > 0)
            {
                var all = EstimateTotal.Run(whole, request, budget.Token);
                if (!all.IsOk)
                {
                    return this.Show(all.Error!);
                }

                AllYears = all.Value;
                if (drawnLinkages() is { Count: > 0 } drawn)
                {
                    try
                    {
                        LinkageAware = EstimateWithLinkageError.Run(whole[0], drawn, request.Averaging, budget.Token);
                    }
                    catch (OperationCanceledException) when (budget.IsCancellationRequested)
                    {
                        return this.Show(Invalid.One("file", "error.estimate_stopped"));
                    }
                }
            }

            var results = EstimateTotal.Run(strata, request, budget.Token);
            if (!results.IsOk)
            {
                return this.Show(results.Error!);
            }

            Results = results.Value;
            return Page();
        }
        finally
        {
            oneAtATime.Release();
        }
    }
}
