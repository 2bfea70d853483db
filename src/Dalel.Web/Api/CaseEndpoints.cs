using System.Text.Json;
using Dalel.Core;
using Dalel.Core.Api;
using Dalel.Core.Cases;
using Dalel.Core.Text;
using Dalel.Web.Localization;
using Microsoft.Extensions.Options;

namespace Dalel.Web.Api;

/// <summary>/api/v1/cases: list, read, create and update the token's organisation's cases, by the same use cases as the pages.</summary>
public static class CaseEndpoints
{
    public const int MaxPageSize = 200;

    public static void Map(RouteGroupBuilder api)
    {
        var cases = api.MapGroup("/cases").WithTags("Cases");
        cases.MapGet("", List).RequiresScope(ApiScopes.ReadCoded, ApiScopes.ReadCases, ApiScopes.WriteCases)
            .WithName("listCases").WithSummary("List cases, with the case list's search, filters, sorting and paging")
            .Produces<ApiCasePage>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(423).ProducesProblem(429);
        cases.MapGet("/{id:guid}", Get).RequiresScope(ApiScopes.ReadCoded, ApiScopes.ReadCases, ApiScopes.WriteCases)
            .WithName("getCase").WithSummary("Read one case (coded facts only with coded:read)")
            .Produces<ApiCase>().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(423).ProducesProblem(429);
        cases.MapPost("", Create).RequiresScope(ApiScopes.WriteCases)
            .WithName("createCase").WithSummary("Record a new case")
            .Accepts<ApiCaseInput>("application/json")
            .Produces<ApiCase>(StatusCodes.Status201Created).ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(415).ProducesProblem(423).ProducesProblem(429);
        cases.MapPut("/{id:guid}", Update).RequiresScope(ApiScopes.WriteCases)
            .WithName("updateCase").WithSummary("Replace a case's content; send the version you read (409 if it changed since)")
            .Accepts<ApiCaseInput>("application/json")
            .Produces<ApiCase>().ProducesValidationProblem().ProducesProblem(401).ProducesProblem(403).ProducesProblem(404).ProducesProblem(409).ProducesProblem(415).ProducesProblem(423).ProducesProblem(429);
    }

    /// <param name="q">Words that must all appear (coded facts only with coded:read).</param>
    /// <param name="code">Vocabulary filters as list:code, e.g. violations:police_violence; repeat for several.</param>
    /// <param name="sort">date_desc (default), date_asc, updated_desc or title_asc.</param>
    private static IResult List(HttpContext http, DalelInstance instance, string? q, string? region, DateOnly? from, DateOnly? to, string[]? code, string? sort, int? page, int? pageSize)
    {
        var errors = new List<FieldError>();
        var codes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var filter in code ?? [])
        {
            var parts = filter.Split(':', 2);
            if (parts.Length != 2 || !CaseCodes.Filterable.Contains(parts[0]) || !instance.Catalog[parts[0]].Contains(parts[1]))
            {
                errors.Add(new FieldError("Code", "error.unknown_code"));
                continue;
            }

            codes[parts[0]] = parts[1];
        }

        var order = sort switch
        {
            null or "date_desc" => CaseSort.DateDesc,
            "date_asc" => CaseSort.DateAsc,
            "updated_desc" => CaseSort.UpdatedDesc,
            "title_asc" => CaseSort.TitleAsc,
            _ => (CaseSort?)null,
        };
        if (order is null)
        {
            errors.Add(new FieldError("Sort", "error.unknown_code"));
        }

        if (page is < 1 || pageSize is < 1 or > MaxPageSize)
        {
            errors.Add(new FieldError(page is < 1 ? "Page" : "PageSize", "api.page_range", MaxPageSize.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (errors.Count > 0)
        {
            return ApiProblems.Invalid(errors);
        }

        var found = new SearchCases(instance).Run(http.Caller().Scope, new CaseQuery
        {
            Text = q, Region = region, From = from, To = to, Codes = codes, Sort = order!.Value, Page = page ?? 1, PageSize = pageSize ?? 25,
        });
        return found.IsOk
            ? Results.Ok(new ApiCasePage(found.Value.Items.Select(ApiMapping.ToApi).ToList(), found.Value.Total, found.Value.Page, found.Value.PageSize, found.Value.Pages))
            : ApiProblems.For(found.Error!);
    }

    private static IResult Get(HttpContext http, DalelInstance instance, Guid id)
    {
        var found = new GetCase(instance).Run(http.Caller().Scope, id);
        return found.IsOk ? Results.Ok(ApiMapping.ToApi(found.Value.Record, found.Value.Version)) : ApiProblems.For(found.Error!);
    }

    private static async Task<IResult> Create(HttpContext http, DalelInstance instance, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (input, problem) = await Read(http, json.Value.SerializerOptions);
        if (input is null)
        {
            return problem!;
        }

        var (content, errors) = ApiMapping.ToContent(input, [], []);
        if (content is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var scope = http.Caller().Scope;
        var created = new RecordCase(instance).Run(scope, content);
        if (!created.IsOk)
        {
            return ApiProblems.For(created.Error!);
        }

        var view = new GetCase(instance).Run(scope, created.Value).Value;
        return Results.Created($"/api/v1/cases/{created.Value:D}", ApiMapping.ToApi(view.Record, view.Version));
    }

    private static async Task<IResult> Update(HttpContext http, DalelInstance instance, Guid id, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json)
    {
        var (input, problem) = await Read(http, json.Value.SerializerOptions);
        if (input is null)
        {
            return problem!;
        }

        if (input.Version is null)
        {
            return ApiProblems.Invalid([new FieldError("Version", "api.version_required")]);
        }

        var scope = http.Caller().Scope;
        // The identities stay as they are (the API never carries them), so reading them here is not a reveal.
        var current = new GetCase(instance).ForEdit(scope, id, audit: false);
        if (!current.IsOk)
        {
            return ApiProblems.For(current.Error!);
        }

        var (content, errors) = ApiMapping.ToContent(input, current.Value.Content.Victims, current.Value.Content.Identities);
        if (content is null)
        {
            return ApiProblems.Invalid(errors);
        }

        var updated = new UpdateCase(instance).Run(scope, id, input.Version.Value, content);
        if (!updated.IsOk)
        {
            return ApiProblems.For(updated.Error!);
        }

        var view = new GetCase(instance).Run(scope, id).Value;
        return Results.Ok(ApiMapping.ToApi(view.Record, view.Version));
    }

    /// <summary>The JSON body, or the problem naming where it could not be read.</summary>
    private static async Task<(ApiCaseInput? Input, IResult? Problem)> Read(HttpContext http, JsonSerializerOptions options)
    {
        if (!http.Request.HasJsonContentType())
        {
            return (null, ApiProblems.Problem(StatusCodes.Status415UnsupportedMediaType, "unsupported-media-type", "JSON expected", Texts.Get("api.json_expected", L.Lang)));
        }

        try
        {
            var input = await JsonSerializer.DeserializeAsync<ApiCaseInput>(http.Request.Body, options, http.RequestAborted);
            return input is null ? (null, ApiProblems.Invalid([new FieldError("$", "api.json_empty")])) : (input, null);
        }
        catch (JsonException e)
        {
            // The reader's path and position name where the body went wrong, without repeating its content.
            return (null, Results.ValidationProblem(
                new Dictionary<string, string[]> { [e.Path ?? "$"] = [Texts.Get("api.json_unreadable", L.Lang, e.LineNumber ?? 0, e.BytePositionInLine ?? 0)] },
                detail: Texts.Get("api.invalid", L.Lang), title: "The request body is not valid JSON for this operation", type: ApiProblems.TypeBase + "invalid"));
        }
    }
}
