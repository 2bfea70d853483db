using Dalel.Core;
using Dalel.Core.Api;
using Dalel.Core.Estimation;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;
using Dalel.Web.Localization;

namespace Dalel.Web.Api;

/// <summary>/api/v1 vocabularies, statistics tables (with the disclosure protection of the scope) and estimates.</summary>
public static class ReferenceEndpoints
{
    private static readonly string[] AnyScope = [ApiScopes.ReadCoded, ApiScopes.ReadCases, ApiScopes.WriteCases, ApiScopes.Statistics];

    public static void Map(RouteGroupBuilder api)
    {
        api.MapGet("/vocabularies", Vocabularies).RequiresScope(AnyScope).WithTags("Vocabularies")
            .WithName("listVocabularies").WithSummary("Every controlled vocabulary with its codes and labels in English, Russian and Kazakh")
            .Produces<IReadOnlyList<ApiVocabulary>>().ProducesProblem(401).ProducesProblem(423).ProducesProblem(429);
        api.MapGet("/statistics", Statistics).RequiresScope(AnyScope).WithTags("Statistics")
            .WithName("getStatistics").WithSummary("A statistics table; published (perturbed, consented cases only) unless an internal one is asked for with a case-reading scope")
            .Produces<ApiTable>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(423).ProducesProblem(429);
        api.MapPost("/estimates", Estimate).RequiresScope(AnyScope).WithTags("Statistics")
            .WithName("estimateTotal").WithSummary("Estimate the undocumented from an overlap table, by the method asked for (the log-linear model BIC chooses, independence, model averaging or latent classes)")
            .Accepts<ApiOverlaps>("application/json")
            .Produces<ApiEstimate>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(423).ProducesProblem(429);
    }

    private static IResult Vocabularies(DalelInstance instance) =>
        Results.Ok(instance.Catalog.All.Select(v => new ApiVocabulary(v.Name, v.Version, v.Description,
            v.Terms.Select(t => new ApiTerm(t.Code, t.Labels.En, t.Labels.Ru, t.Labels.Kk, t.Huridocs, t.Iccpr)).ToList())).ToList());

    /// <param name="scope">organisation (default) or coalition (always protected).</param>
    /// <param name="rows">A dimension: violation, perpetrator, region, year, …</param>
    /// <param name="unit">cases (default), victims or acts.</param>
    /// <param name="filter">dimension:code; repeat for several.</param>
    /// <param name="release">published (default) or internal (needs coded:read, cases:read or cases:write; organisation scope only).</param>
    private static IResult Statistics(HttpContext http, DalelInstance instance, string rows, string? columns, string? scope, string? unit, string[]? filter, DateOnly? from, DateOnly? to, string? release)
    {
        var caller = http.Caller();
        var errors = new List<FieldError>();
        StatisticsScope? tableScope = scope switch
        {
            null or "organisation" => new StatisticsScope.Organisation(caller.Scope.OrganisationId),
            "coalition" => new StatisticsScope.Coalition(),
            _ => null,
        };
        if (tableScope is null)
        {
            errors.Add(new FieldError("Scope", "error.unknown_code"));
        }

        Unit? counted = unit switch { null or "cases" => Unit.Cases, "victims" => Unit.Victims, "acts" => Unit.Acts, _ => null };
        if (counted is null)
        {
            errors.Add(new FieldError("Unit", "error.unknown_code"));
        }

        Release? kind = release switch { null or "published" => Release.Published, "internal" => Release.Internal, _ => null };
        if (kind is null)
        {
            errors.Add(new FieldError("Release", "error.unknown_code"));
        }

        var filters = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in filter ?? [])
        {
            var parts = f.Split(':', 2);
            if (parts.Length != 2)
            {
                errors.Add(new FieldError("Filter", "api.filter_form"));
                continue;
            }

            filters[parts[0]] = parts[1];
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        // A statistics-only token gets what may be published; an internal table adds nothing a case-reading token lacks.
        if (kind == Release.Internal && !(caller.Has(ApiScopes.ReadCoded) || caller.Has(ApiScopes.ReadCases) || caller.Has(ApiScopes.WriteCases)))
        {
            return ApiProblems.MissingScope(ApiScopes.ReadCoded);
        }

        var table = new ComputeStatistics(instance).Run(caller.Scope, tableScope!, new StatisticsQuery
        {
            Rows = rows, Columns = columns, Unit = counted!.Value, Filters = filters, From = from, To = to, Release = kind!.Value,
        });
        if (!table.IsOk)
        {
            return ApiProblems.For(table.Error!);
        }

        var organisations = tableScope is StatisticsScope.Coalition && new ListOrganisations(instance).Run() is { IsOk: true } all ? all.Value : null;
        return Results.Ok(ToApi(table.Value, L.Lang, organisations));
    }

    private static ApiTable ToApi(StatisticsTable t, string language, IReadOnlyList<Organisation>? organisations) => new(
        t.Unit.ToString().ToLowerInvariant(), t.Rows, t.Columns, t.Protected, t.Protected ? t.Threshold : null, t.Perturbed, t.Internal, TableFormats.Note(t, language), Count(t.Total),
        t.RowValues.Select((v, r) => new ApiTableRow(v, StatisticsLabels.Value(t.Rows, v, language, organisations), Count(t.RowTotals[r]),
            t.Columns is null ? null : t.ColumnValues.Select((c, j) => new ApiCell(c, Count(t.Cells[r][j]))).ToList())).ToList(),
        Sentences.For(t, language, organisations));

    /// <summary>A hidden count is null and says why: no client can mistake it for a number.</summary>
    private static ApiCount Count(Cell cell) => cell.Kind switch
    {
        CellKind.Small => new ApiCount(null, true, "small"),
        CellKind.Secondary => new ApiCount(null, true, "protects_others"),
        _ => new ApiCount(cell.Count, false, null),
    };

    private static async Task<IResult> Estimate(HttpContext http, Microsoft.Extensions.Options.IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        ApiOverlaps? input;
        try
        {
            input = await http.Request.ReadFromJsonAsync<ApiOverlaps>(json.Value.SerializerOptions, http.RequestAborted);
        }
        catch (System.Text.Json.JsonException e)
        {
            return ApiProblems.Invalid([new FieldError(e.Path ?? "$", "api.json_unreadable", (e.LineNumber ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture), (e.BytePositionInLine ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        }
        catch (InvalidOperationException)
        {
            return ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "JSON expected", Dalel.Core.Text.Texts.Get("api.json_expected", L.Lang));
        }

        var lists = input?.Lists ?? [];
        var errors = new List<FieldError>();
        if (Methods.FirstOrDefault(m => m.Name == (input?.Method ?? "best")) is not { Name: not null } method)
        {
            return ApiProblems.Invalid([new FieldError("Method", "api.method_unknown", string.Join(", ", Methods.Select(m => m.Name)))]);
        }

        if (lists.Count is < 2 or > OverlapsCsv.MaxLists || lists.Distinct(StringComparer.Ordinal).Count() != lists.Count || lists.Any(string.IsNullOrWhiteSpace))
        {
            errors.Add(new FieldError("Lists", "api.lists_range", OverlapsCsv.MaxLists.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            return ApiProblems.Invalid(errors);
        }

        var counts = new long[1 << lists.Count];
        foreach (var (cell, i) in (input!.Cells ?? []).Select((c, i) => (c, i)))
        {
            var pattern = 0;
            foreach (var name in cell.In ?? [])
            {
                var index = lists.ToList().IndexOf(name);
                if (index < 0)
                {
                    errors.Add(new FieldError($"Cells[{i}].In", "api.unknown_list", name));
                }
                else
                {
                    pattern |= 1 << index;
                }
            }

            if (pattern == 0 || cell.Count is < 0 or > OverlapsCsv.MaxPerStratum)
            {
                errors.Add(new FieldError($"Cells[{i}]", "api.cell_range", OverlapsCsv.MaxPerStratum.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                continue;
            }

            counts[pattern] += cell.Count;
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var data = new ListOverlaps(lists, counts);
        var estimated = EstimateTotal.Run([data], new EstimateRequest { Headline = method.Method, WithAveraging = false }, http.RequestAborted);
        if (!estimated.IsOk)
        {
            return ApiProblems.For(estimated.Error!);
        }

        var stratum = estimated.Value.Strata[0];
        var headline = stratum.Headline;
        return Results.Ok(new ApiEstimate(
            data.Observed,
            method.Method == EstimateMethod.BestLogLinear ? stratum.LogLinear?.BestByBic?.Name : null,
            headline?.Statement(L.Lang),
            [.. (stratum.LogLinear?.Models ?? []).Select(m => new ApiModelEstimate(m.Name, m.Total, m.Lower, m.Upper, m.Aic, m.Bic, m.Warnings))],
            headline is null ? null : new ApiHeadline(method.Name, headline.Total, headline.Lower, headline.Upper, headline.Interval == IntervalKind.Profile ? "profile" : "credible", headline.Assumption(L.Lang)),
            [.. stratum.Notices.Select(n => n.Say(L.Lang))]));
    }

    private static readonly (string Name, EstimateMethod Method)[] Methods =
        [("best", EstimateMethod.BestLogLinear), ("independence", EstimateMethod.Independence), ("averaged", EstimateMethod.Averaged), ("latent-class", EstimateMethod.LatentClass)];
}
