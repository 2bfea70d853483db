using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Dalel.Core.Estimation;

namespace Dalel.Cli;

/// <summary>dalel estimate: multiple systems estimation from a list-overlap CSV. Needs no data directory.</summary>
internal static class EstimationCommands
{
    public static Command Build()
    {
        var overlaps = new Option<FileInfo>("--overlaps") { Required = true, Description = "CSV: one 0/1 column per list, a count column, optionally a stratum column" };
        var model = new Option<string>("--model") { Description = "all, best (AIC and BIC), independence, or latent-class", DefaultValueFactory = _ => "best" };
        model.AcceptOnlyFromAmong("all", "best", "independence", "latent-class");
        var format = new Option<string>("--format") { Description = "table or json", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        var seed = new Option<int>("--seed") { Description = "Seed of the latent-class sampler", DefaultValueFactory = _ => new LatentClassSettings().Seed };
        var samples = new Option<int>("--samples") { Description = "Posterior draws kept (burn-in 10,000, thinning 100)", DefaultValueFactory = _ => 1_000 };
        var language = new Option<string>("--lang") { Description = "en, ru or kk", DefaultValueFactory = _ => "en" };
        language.AcceptOnlyFromAmong("en", "ru", "kk");
        var command = new Command("estimate", "Estimate how many incidents happened in all, documented or not, from the overlap of lists.") { overlaps, model, format, seed, samples, language };
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
            var settings = new LatentClassSettings { Seed = p.GetValue(seed), Samples = p.GetValue(samples) };
            var models = which switch { "independence" => LogLinearChoice.Independence, "all" => LogLinearChoice.All, _ => LogLinearChoice.Best };
            var results = Terminal.Ok(EstimateTotal.Run(strata, settings, withLatentClass: which is "best" or "all" or "latent-class", models: models));
            var lang = p.GetValue(language)!;
            Console.Write(p.GetValue(format) == "json" ? Json(results, which) : Table(results, which, lang));
            return 0;
        });
        return command;
    }

    private static IEnumerable<ModelEstimate> Shown(StratumEstimate s, string which) => which switch
    {
        "all" => s.LogLinear.Models,
        "independence" => s.LogLinear.Models.Where(m => m.Model.Terms == 0),
        "best" => new[] { s.LogLinear.BestByAic, s.LogLinear.BestByBic }.OfType<ModelEstimate>().Distinct(),
        _ => [],
    };

    private static string F(double? v) => v is { } x ? Math.Round(x).ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Table(IReadOnlyList<StratumEstimate> results, string which, string language)
    {
        var text = new System.Text.StringBuilder();
        foreach (var s in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"{(s.Data.Stratum is { } stratum ? $"Stratum {stratum}: " : "")}{s.Data.Observed:N0} documented on {s.Data.ListCount} lists ({string.Join(", ", s.Data.Lists)})");
            var rows = Shown(s, which).ToList();
            if (rows.Count > 0)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {"Model",-40} {"Total",8} {"95% interval",18} {"AIC",9} {"BIC",9}  Notes");
                foreach (var m in rows)
                {
                    var notes = string.Join("; ", m.Warnings.Select(w => Dalel.Core.Text.Texts.Get(w, language))
                        .Concat(which != "independence" && m == s.LogLinear.BestByAic ? ["best by AIC"] : [])
                        .Concat(which != "independence" && m == s.LogLinear.BestByBic ? ["best by BIC"] : []));
                    text.AppendLine(CultureInfo.InvariantCulture, $"  {m.Name,-40} {F(m.Total),8} {$"{F(m.Lower)}–{F(m.Upper)}",18} {m.Aic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9} {m.Bic?.ToString("F1", CultureInfo.InvariantCulture) ?? "—",9}  {notes}");
                }
            }

            if (s.LatentClass is { } lc)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  Latent-class (LCMCR model, K={lc.Settings.Classes}, seed {lc.Settings.Seed}): median {F(lc.Median)}, 95% {F(lc.Lower)}–{F(lc.Upper)}{(lc.HitsCap ? " (draws hit the cap: the data do not bound the total)" : "")}");
            }

            // The headline is the method asked for: independence prints independence, best and all the BIC choice,
            // latent-class the latent-class model.
            var best = which == "independence" ? s.LogLinear.Models.FirstOrDefault(m => m.Model.Terms == 0 && m.Usable) : s.LogLinear.BestByBic;
            var modelKind = which == "independence" ? Dalel.Core.Text.Texts.Get("estimate.method_log_linear_asked", language, best?.Name ?? "independence") : null;
            if (s.LatentClass is { } chosen && which is "latent-class")
            {
                text.AppendLine("  " + EstimateTotal.Statement(s.Data.Observed, chosen.Median, chosen.Lower, chosen.Upper, Dalel.Core.Text.Texts.Get("estimate.method_latent_class", language), language));
            }
            else if (best is { Total: { } total })
            {
                text.AppendLine("  " + EstimateTotal.Statement(s.Data.Observed, total, best.Lower, best.Upper, modelKind ?? Dalel.Core.Text.Texts.Get("estimate.method_log_linear", language, best.Name, "BIC"), language));
            }

            text.AppendLine("  " + EstimateTotal.Assumption(s.LatentClass is not null && which is "latent-class", language));
            text.AppendLine();
        }

        return text.ToString();
    }

    private static string Json(IReadOnlyList<StratumEstimate> results, string which) =>
        JsonSerializer.Serialize(results.Select(s => new
        {
            stratum = s.Data.Stratum,
            lists = s.Data.Lists,
            documented = s.Data.Observed,
            models = Shown(s, which).Select(m => new
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
                bestByAic = m == s.LogLinear.BestByAic,
                bestByBic = m == s.LogLinear.BestByBic,
                warnings = m.Warnings,
            }),
            latentClass = s.LatentClass is { } lc ? new { median = lc.Median, lower = lc.Lower, upper = lc.Upper, mean = lc.Mean, samples = lc.Samples, classes = lc.Settings.Classes, seed = lc.Settings.Seed, hitsCap = lc.HitsCap } : null,
        }), Indented) + "\n";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
