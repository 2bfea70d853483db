using Dalel.Core;
using Dalel.Core.Text;
using Dalel.Web.Localization;

namespace Dalel.Web.Api;

/// <summary>The one place where the API's expected failures become RFC 9457 problem details.</summary>
public static class ApiProblems
{
    public const string TypeBase = "https://dalel.invalid/problems/";

    public static IResult For(Error error) => error switch
    {
        NotFound => Problem(StatusCodes.Status404NotFound, "not-found", "Not found", Texts.Describe(error, L.Lang)),
        Forbidden => Problem(StatusCodes.Status403Forbidden, "forbidden", "Forbidden", Texts.Get("api.forbidden", L.Lang)),
        VaultSealed => Sealed(),
        EditConflict => Problem(StatusCodes.Status409Conflict, "edit-conflict", "The case changed since it was read", Texts.Describe(error, L.Lang)),
        Invalid invalid => Invalid(invalid.Errors),
        _ => Problem(StatusCodes.Status400BadRequest, "bad-request", "Bad request", Texts.Describe(error, L.Lang)),
    };

    /// <summary>400 with every field's messages, keyed by the JSON path the client sent.</summary>
    public static IResult Invalid(IEnumerable<FieldError> errors) => Results.ValidationProblem(
        errors.GroupBy(e => ApiMapping.JsonPath(e.Field)).ToDictionary(g => g.Key, g => g.Select(e => Texts.Describe(e, L.Lang)).ToArray()),
        detail: Texts.Get("api.invalid", L.Lang),
        title: "The request has invalid fields",
        type: TypeBase + "invalid");

    public static IResult Sealed() =>
        Problem(StatusCodes.Status423Locked, "sealed", "Dalel is sealed", Texts.Get("api.sealed", L.Lang));

    public static IResult Unauthorized() =>
        Problem(StatusCodes.Status401Unauthorized, "unauthorized", "A valid API token is needed", Texts.Get("api.unauthorized", L.Lang));

    public static IResult MissingScope(string scope) =>
        Problem(StatusCodes.Status403Forbidden, "missing-scope", "The token lacks a scope", Texts.Get("api.missing_scope", L.Lang, scope));

    public static IResult Problem(int status, string type, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title, type: TypeBase + type);
}
