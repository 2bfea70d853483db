using System.Globalization;
using System.Text;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;
using Dalel.Core.Vocabularies;
using Dalel.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Statistics;

/// <summary>
/// The organisation's own statistics, or the coalition's (protected), with a filter form, table, chart, sentences and
/// downloads. Everything is a GET, so a table is a link that can be bookmarked; no script.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    /// <summary>"own" or "coalition".</summary>
    [BindProperty(SupportsGet = true, Name = "scope")]
    public string Of { get; set; } = "own";

    [BindProperty(SupportsGet = true)]
    public string Rows { get; set; } = "violation";

    [BindProperty(SupportsGet = true)]
    public string? Columns { get; set; }

    [BindProperty(SupportsGet = true)]
    public Unit Unit { get; set; } = Unit.Cases;

    /// <summary>Filters as "dimension=code".</summary>
    [BindProperty(SupportsGet = true, Name = "f")]
    public List<string> Filters { get; set; } = [];

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Publish { get; set; }

    public StatisticsTable? Table { get; private set; }

    public IReadOnlyList<Organisation> Organisations { get; private set; } = [];

    /// <summary>The organisation's name, for a chart's source line.</summary>
    public string? OwnName => Organisations.FirstOrDefault(o => o.Id == OrgId)?.Name;

    public bool Coalition => Of == "coalition";

    /// <summary>Reports received and not yet recorded as cases: not in the table, said beside it.</summary>
    public Dalel.Core.FieldCapture.Unrecorded Unrecorded => new Dalel.Core.FieldCapture.CountUnrecorded(Instance).Run(Scope);

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet() => Compute() ?? Page();

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGetDownload(string format)
    {
        var failed = Compute();
        if (failed is not null || Table is null)
        {
            return failed ?? Page();
        }

        var name = $"dalel-{Table.Rows}{(Table.Columns is null ? "" : "-" + Table.Columns)}";
        switch (format)
        {
            case "csv":
                using (var writer = new StringWriter(CultureInfo.InvariantCulture))
                {
                    TableFormats.Csv(Table, L.Lang, writer, Organisations);
                    return File(Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(writer.ToString())).ToArray(), "text/csv; charset=utf-8", name + ".csv");
                }

            case "xlsx":
                var memory = new MemoryStream();
                TableFormats.Xlsx(Table, L.Lang, memory, Organisations);
                return File(memory.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", name + ".xlsx");
            case "json":
                return File(Encoding.UTF8.GetBytes(TableFormats.Json(Table, L.Lang, Organisations)), "application/json", name + ".json");
            case "svg":
                return File(Encoding.UTF8.GetBytes(Charts.Render(Table, L.Lang, Organisations, OwnName)), "image/svg+xml", name + ".svg");
            case "png":
                return File(ChartImages.Png(Charts.Render(Table, L.Lang, Organisations, OwnName), ChartImages.PrintScale), "image/png", name + ".png");
            default:
                return NotFound();
        }
    }

    /// <summary>The de-identified case list of the chosen scope, streamed straight to the response as it is written.</summary>
    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGetCases(string? format)
    {
        if (Coalition)
        {
            // A row-level file would reveal counts of 1; the coalition publishes perturbed tables only.
            return NotFound();
        }

        var scope = new StatisticsScope.Organisation(OrgId);
        var xlsx = format == "xlsx";
        return new FileCallbackResult(
            xlsx ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=utf-8",
            xlsx ? "dalel-cases-organisation.xlsx" : "dalel-cases-organisation.csv",
            async (body, context) =>
            {
                // The file is written synchronously as it is made; let this one response do so rather than buffer it.
                context.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpBodyControlFeature>()!.AllowSynchronousIO = true;
                if (xlsx)
                {
                    new ExportDeidentified(Instance).RunXlsx(Scope, scope, body);
                    return;
                }

                await using var writer = new StreamWriter(body, new UTF8Encoding(true));
                new ExportDeidentified(Instance).Run(Scope, scope, writer);
            });
    }

    private IActionResult? Compute()
    {
        var filters = new Dictionary<string, string>();
        foreach (var filter in Filters.Where(f => f.Length > 0))
        {
            var parts = filter.Split('=', 2);
            if (parts.Length == 2)
            {
                filters[parts[0]] = parts[1];
            }
        }

        var from = DateField(nameof(From), From);
        var to = DateField(nameof(To), To);
        if (!ModelState.IsValid)
        {
            return null;
        }

        var result = new ComputeStatistics(Instance).Run(Scope,
            Coalition ? new StatisticsScope.Coalition() : new StatisticsScope.Organisation(OrgId),
            new StatisticsQuery
            {
                Rows = Rows,
                Columns = string.IsNullOrEmpty(Columns) ? null : Columns,
                Unit = Unit,
                Filters = filters,
                From = from,
                To = to,
                Release = Publish ? Release.Published : Release.Internal,
            });
        if (!result.IsOk)
        {
            var shown = this.Show(result.Error!);
            return shown is Microsoft.AspNetCore.Mvc.RazorPages.PageResult ? null : shown;
        }

        Table = result.Value;
        if (Coalition)
        {
            EstimateStatement = CoalitionEstimate();
        }

        // Organisation names label the "organisation" dimension; only coalition members' names, which all members know.
        Organisations = new ListOrganisations(Instance).Run() is { IsOk: true } orgs ? orgs.Value.Where(o => o.SharesWithCoalition || o.Id == OrgId).ToList() : [];
        return null;
    }

    /// <summary>"Documented: n; estimated total: …" from the latest linkage's confirmed groups; none when withheld or absent.</summary>
    public string? EstimateStatement { get; private set; }

    private string? CoalitionEstimate()
    {
        var overlaps = new Dalel.Core.Linkage.OverlapsFromLinkage(Instance).Run(Scope);
        if (!overlaps.IsOk || overlaps.Value.Observed < ComputeStatistics.DefaultThreshold)
        {
            return null;
        }

        return Dalel.Core.Estimation.EstimateTotal.BestStatement(overlaps.Value, Localization.L.Lang);
    }

    /// <summary>Every value one can filter on, grouped by dimension, for the filter selects.</summary>
    public IEnumerable<(string Dimension, IEnumerable<(string Code, string Label)> Values)> FilterChoices()
    {
        foreach (var dimension in Dimension.All.Where(d => d.Key is not ("month" or "settlement" or "organisation")))
        {
            IEnumerable<string> codes = dimension.Vocabulary is { } list
                ? Catalog.Default[list].Terms.Select(t => t.Code)
                : dimension.Key switch
                {
                    "country" => OrgCountries.Select(c => c.Code),
                    "region" => OrgCountries.SelectMany(c => c.Regions).Select(r => r.Code),
                    "year" => Enumerable.Range(2015, DateTime.UtcNow.Year - 2014).Reverse().Select(y => y.ToString(CultureInfo.InvariantCulture)),
                    "reported" => ["yes", "no"],
                    "iccpr" => Catalog.Default[Catalog.Violations].Terms.SelectMany(t => t.Iccpr).Distinct().OrderBy(a => int.Parse(a, CultureInfo.InvariantCulture)),
                    _ => [],
                };
            yield return (dimension.Key, codes.Select(c => (c, StatisticsLabels.Value(dimension.Key, c, L.Lang))));
        }
    }

    public string DownloadLink(string format) => LinkWithQuery("statistics", ("handler", "Download"), ("format", format));
}
