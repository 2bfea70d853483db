using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Dalel.Core.Estimation;
using Dalel.Core.Text;

namespace Dalel.Cli;

/// <summary>dalel estimate: multiple systems estimation from a list-overlap CSV. Needs no data directory.</summary>
internal static class EstimationCommands
{
    public static Command Build()
    {
        var overlaps = new Option<FileInfo>("--overlaps") { Required = true, Description = "CSV: one 0/1 column per list, a count column, optionally a stratum column" };
        var model = new Option<string>("--model") { Description = "best (log-linear by BIC, with model averaging and latent-class beside it), all (every log-linear model with its interval), independence, averaged, or latent-class", DefaultValueFactory = _ => "best" };
        model.AcceptOnlyFromAmong("all", "best", "independence", "averaged", "latent-class");
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var defaults = new LatentClassSettings();
        var seed = new Option<int>("--seed") { Description = "Seed of the first latent-class chain (the others take the next seeds)", DefaultValueFactory = _ => defaults.Seed };
        var samples = new Option<int>("--samples") { Description = "Latent-class draws kept per chain", DefaultValueFactory = _ => defaults.Samples };
        var burnIn = new Option<int>("--burn-in") { Description = "Latent-class iterations discarded at the start of each chain", DefaultValueFactory = _ => defaults.BurnIn };
        var thin = new Option<int>("--thin") { Description = "Keep every n-th latent-class iteration", DefaultValueFactory = _ => defaults.Thin };
        var chains = new Option<int>("--chains") { Description = "Latent-class chains, run side by side and compared (R-hat)", DefaultValueFactory = _ => defaults.Chains };
        var classes = new Option<int>("--classes") { Description = "Latent classes K (the truncation of the Dirichlet process)", DefaultValueFactory = _ => defaults.Classes };
        var alpha = new Option<string>("--alpha-prior") { Description = "Gamma prior (shape,rate) of the Dirichlet process concentration", DefaultValueFactory = _ => "0.25,0.25" };
        var delta = new Option<double?>("--delta") { Description = "Model averaging: hyper-Dirichlet prior count per cell (default 2^-lists)" };
        var language = new Option<string>("--lang") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "ru", "kk");
        var command = new Command("estimate", "Estimate how many incidents happened in all, documented or not, from the overlap of lists.")
        {
            overlaps, model, format, seed, samples, burnIn, thin, chains, classes, alpha, delta, language,
        };
        command.SetAction(p =>
        {
            var file = p.GetValue(overlaps)!;
            if (!file.Exists)
            {
                throw new CliFailure($"No file {file.FullName}.");
            }

            using var reader = new StreamReader(file.FullName);
            var strata = Terminal.Ok(OverlapsCsv.Read(reader));
            var which = p.GetValue(model)!;
            var settings = new LatentClassSettings
            {
                Seed = p.GetValue(seed),
                Samples = p.GetValue(samples),
                BurnIn = p.GetValue(burnIn),
                Thin = p.GetValue(thin),
                Chains = p.GetValue(chains),
                Classes = p.GetValue(classes),
            };
            settings = AlphaPrior(p.GetValue(alpha)!, settings);
            if (settings.Problems() is { Count: > 0 } problems)
            {
                throw new CliFailure(string.Join(Environment.NewLine, problems.Select(e => $"{Options[e.Field]}: {Texts.Describe(e, p.GetValue(language)!)}")));
            }

            var request = new EstimateRequest
            {
                Headline = which switch
                {
                    "independence" => EstimateMethod.Independence,
                    "averaged" => EstimateMethod.Averaged,
                    "latent-class" => EstimateMethod.LatentClass,
                    _ => EstimateMethod.BestLogLinear,
                },
                EveryModel = which == "all",
                WithLatentClass = which is "best" or "all",
                LatentClass = settings,
                Averaging = new AveragingSettings { Delta = p.GetValue(delta) is { } d ? (d > 0 ? d : throw new CliFailure("--delta must be above 0.")) : null },
            };
            var results = Terminal.Ok(EstimateTotal.Run(strata, request));
            var lang = p.GetValue(language)!;
            Console.Write(p.GetValue(format) == "json" ? Json(results) : Table(results, request, lang));
            return 0;
        });
        return command;
    }

    private static readonly Dictionary<string, string> Options = new()
    {
        ["Classes"] = "--classes", ["Chains"] = "--chains", ["BurnIn"] = "--burn-in", ["Thin"] = "--thin", ["Samples"] = "--samples", ["AlphaShape"] = "--alpha-prior",
    };

    private static LatentClassSettings AlphaPrior(string text, LatentClassSettings settings)
    {
        var parts = text.Split(',');
        return parts.Length == 2
            && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var shape) && shape > 0
            && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var rate) && rate > 0
            ? settings with { AlphaShape = shape, AlphaRate = rate }
            : throw new CliFailure("--alpha-prior takes the Gamma prior's shape and rate, both above 0, as 'shape,rate' (for example 0.25,0.25).");
    }

    private static string F(double? v) => v is { } x ? Math.Round(x).ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Table(EstimateSet results, EstimateRequest request, string language)
    {
        var text = new StringBuilder();
        foreach (var s in results.Strata)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(s.Data.Stratum is { } stratum ? $"Stratum {stratum}: " : "")}{s.Data.Observed:N0} documented on {s.Data.ListCount} lists ({string.Join(", ", s.Data.Lists)})");
            if (s.LogLinear is { } report)
            {
                LogLinear(text, report, request, language);
            }

            if (s.Heterogeneity.Count > 0)
            {
                text.AppendLine("  Heterogeneity models (Rcapture's closedp), for comparison; 95% profile-likelihood intervals");
                foreach (var h in s.Heterogeneity)
                {
                    var interval = h.Lower is null && h.Upper is null ? "" : $"{F(h.Lower)}–{F(h.Upper)}";
                    text.AppendLine(CultureInfo.InvariantCulture, $"    {h.Model.Name,-16} {F(h.Total),8} {interval,18} {h.Aic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9} {h.Bic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9}");
                }
            }

            if (s.Averaged is { } a)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  Averaged over {a.GraphCount:N0} decomposable graphs (hyper-Dirichlet δ = {a.Delta:G4}, prior on N ∝ 1/N): median {F(a.Median)}, 95% credible {F(a.Lower)}–{(a.HitsCap ? "no bound" : F(a.Upper))}");
                foreach (var g in a.Graphs.Take(5))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"    {g.Probability,6:P1}  {g.Name,-40} median {F(g.Median)}, 95% {F(g.Lower)}–{F(g.Upper)}");
                }
            }

            if (s.LatentClass is { } lc)
            {
                var ls = lc.Settings;
                text.AppendLine(CultureInfo.InvariantCulture, $"  Latent-class (LCMCR model, K={ls.Classes}, α ~ Gamma({ls.AlphaShape:G4}, {ls.AlphaRate:G4}), {ls.Chains} chains from seed {ls.Seed}, burn-in {ls.BurnIn:N0}, thinning {ls.Thin}, {ls.Samples:N0} draws each): median {F(lc.Median)}, 95% {F(lc.Lower)}–{F(lc.Upper)}; R-hat {lc.RHat:F3}, {lc.EffectiveSamples:N0} effective draws{(lc.HitsCap ? " (draws hit the cap: the data do not bound the total)" : "")}");
            }

            foreach (var notice in s.Notices)
            {
                text.AppendLine("  ! " + notice.Say(language));
            }

            if (s.Headline is { } headline)
            {
                text.AppendLine("  " + headline.Statement(language));
                text.AppendLine("  " + headline.Assumption(language));
            }

            text.AppendLine();
        }

        if (results.Combined is { } combined)
        {
            text.AppendLine(Texts.Get("estimate.combined_heading", language) + ": " + combined.Statement(language));
        }

        return text.ToString();
    }

    private static void LogLinear(StringBuilder text, LogLinearReport report, EstimateRequest request, string language)
    {
        var rows = request.Headline == EstimateMethod.Independence || request.EveryModel
            ? report.Models
            : new[] { report.BestByAic, report.BestByBic }.OfType<ModelEstimate>().Distinct().ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"  Log-linear: {(report.Stepwise ? $"stepwise search of the hierarchical models ({report.Models.Count:N0} visited)" : request.Headline == EstimateMethod.Independence ? "the independence model" : $"all {report.Models.Count:N0} hierarchical models")}; 95% profile-likelihood intervals");
        if (rows.Count == 0)
        {
            return;
        }

        var width = Math.Max(40, rows.Max(m => m.Name.Length));
        text.AppendLine(CultureInfo.InvariantCulture, $"  {"Model".PadRight(width)} {"Total",8} {"95% interval",18} {"AIC",9} {"BIC",9}  Notes");
        foreach (var m in rows)
        {
            var chooses = request.Headline != EstimateMethod.Independence;
            var notes = string.Join("; ", m.Warnings.Select(w => Texts.Get(w, language))
                .Concat(m.EmptyTerms.Count > 0 ? [string.Join(", ", m.EmptyTerms)] : [])
                .Concat(chooses && m == report.BestByAic ? ["best by AIC"] : [])
                .Concat(chooses && m == report.BestByBic ? ["best by BIC"] : []));
            var interval = m.Lower is null && m.Upper is null ? "" : $"{F(m.Lower)}–{F(m.Upper)}";
            text.AppendLine(CultureInfo.InvariantCulture, $"  {m.Name.PadRight(width)} {F(m.Total),8} {interval,18} {m.Aic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9} {m.Bic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9}  {notes}");
        }
    }

    private static object? HeadlineJson(Headline? h) => h is null ? null : new
    {
        method = h.Method.ToString(),
        documented = h.Documented,
        total = h.Total,
        lower = h.Lower,
        upper = h.Upper,
        interval = h.Interval.ToString(),
        statement = h.Statement("en"),
    };

    private static string Json(EstimateSet results) =>
        JsonSerializer.Serialize(new
        {
            strata = results.Strata.Select(s => new
            {
                stratum = s.Data.Stratum,
                lists = s.Data.Lists,
                documented = s.Data.Observed,
                headline = HeadlineJson(s.Headline),
                notices = s.Notices.Select(n => new { key = n.Key, text = n.Say("en") }),
                logLinear = s.LogLinear is { } r ? new
                {
                    stepwise = r.Stepwise,
                    emptyTerms = r.EmptyTerms,
                    models = r.Models.Select(m => new
                    {
                        name = m.Name,
                        decomposable = m.Decomposable,
                        total = m.Total,
                        lower = m.Lower,
                        upper = m.Upper,
                        deviance = m.Deviance,
                        df = m.DegreesOfFreedom,
                        aic = m.Aic,
                        bic = m.Bic,
                        bestByAic = m == r.BestByAic,
                        bestByBic = m == r.BestByBic,
                        warnings = m.Warnings,
                        emptyTerms = m.EmptyTerms,
                    }),
                } : null,
                heterogeneity = s.Heterogeneity.Select(h => new { name = h.Model.Name, total = h.Total, lower = h.Lower, upper = h.Upper, deviance = h.Deviance, df = h.DegreesOfFreedom, aic = h.Aic, bic = h.Bic }),
                averaged = s.Averaged is { } a ? new
                {
                    median = a.Median, lower = a.Lower, upper = a.Upper, mean = a.Mean, mode = a.Mode, delta = a.Delta, graphs = a.GraphCount, hitsCap = a.HitsCap,
                    top = a.Graphs.Select(g => new { name = g.Name, probability = g.Probability, median = g.Median, lower = g.Lower, upper = g.Upper }),
                } : null,
                latentClass = s.LatentClass is { } lc ? new
                {
                    median = lc.Median, lower = lc.Lower, upper = lc.Upper, mean = lc.Mean, samples = lc.Samples, classes = lc.Settings.Classes,
                    seed = lc.Settings.Seed, chains = lc.Settings.Chains, burnIn = lc.Settings.BurnIn, thin = lc.Settings.Thin,
                    alphaShape = lc.Settings.AlphaShape, alphaRate = lc.Settings.AlphaRate, rHat = lc.RHat, effectiveSamples = lc.EffectiveSamples,
                    converged = !lc.Unconverged, hitsCap = lc.HitsCap,
                } : null,
            }),
            combined = HeadlineJson(results.Combined),
        }, Indented) + "\n";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
