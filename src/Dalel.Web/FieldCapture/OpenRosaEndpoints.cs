using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Xml.Linq;
using Dalel.Core;
using Dalel.Core.Door;
using Dalel.Core.FieldCapture;
using Dalel.Core.Text;
using Dalel.Web.Localization;

namespace Dalel.Web.FieldCapture;

/// <summary>
/// The OpenRosa server of one organisation, at /field/{org} — the address a documenter types into ODK Collect,
/// KoboCollect or Tella: the Form List API (<c>formList</c>, form download) and the Form Submission API (HEAD, then a
/// multipart POST with <c>xml_submission_file</c> and the encrypted files). Every request carries a device's
/// credential (HTTP Basic: the device id and its secret); the organisation is the route's, never the request's.
/// Expected failures are OpenRosa responses with a message in the phone's language.
/// </summary>
public static class OpenRosaEndpoints
{
    private static readonly XNamespace FormList = "http://openrosa.org/xforms/xformsList";
    private static readonly XNamespace Response = "http://openrosa.org/http/response";

    public static WebApplication MapOpenRosa(this WebApplication app)
    {
        var field = app.MapGroup("/field/{org:guid}").DisableAntiforgery();
        field.MapGet("/formList", List);
        field.MapGet("/forms/{formId}", Download);
        field.MapMethods("/submission", [HttpMethods.Head], Head);
        field.MapPost("/submission", Submit);
        return app;
    }

    private static IResult List(HttpContext http, DalelInstance instance, Guid org)
    {
        if (!Credential(http, out var device, out var secret))
        {
            return Challenge(http);
        }

        var forms = new ServeFieldForms(instance).Run(org, device, secret);
        if (!forms.IsOk)
        {
            return Failure(http, forms.Error!);
        }

        var root = $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}/field/{org:D}";
        var xml = new XElement(FormList + "xforms", forms.Value.Select(f => new XElement(FormList + "xform",
            new XElement(FormList + "formID", f.Id),
            new XElement(FormList + "name", f.Name),
            new XElement(FormList + "version", f.Version),
            new XElement(FormList + "hash", "md5:" + f.Md5),
            new XElement(FormList + "downloadUrl", $"{root}/forms/{Uri.EscapeDataString(f.Id)}"))));
        return Xml(http, StatusCodes.Status200OK, xml.ToString(SaveOptions.DisableFormatting));
    }

    private static IResult Download(HttpContext http, DalelInstance instance, Guid org, string formId)
    {
        if (!Credential(http, out var device, out var secret))
        {
            return Challenge(http);
        }

        var forms = new ServeFieldForms(instance).Run(org, device, secret);
        if (!forms.IsOk)
        {
            return Failure(http, forms.Error!);
        }

        return forms.Value.FirstOrDefault(f => f.Id == formId) is { } form
            ? Xml(http, StatusCodes.Status200OK, form.Xml)
            : Failure(http, new NotFound());
    }

    /// <summary>The pre-flight: credentials checked, and how large a submission may be.</summary>
    private static IResult Head(HttpContext http, DalelInstance instance, Guid org)
    {
        if (!Credential(http, out var device, out var secret))
        {
            return Challenge(http);
        }

        var check = new ServeFieldForms(instance).Admit(org, device, secret);
        if (!check.IsOk)
        {
            return Failure(http, check.Error!);
        }

        Headers(http);
        return Results.NoContent();
    }

    private static async Task<IResult> Submit(HttpContext http, DalelInstance instance, Guid org)
    {
        if (!Credential(http, out var device, out var secret))
        {
            return Challenge(http);
        }

        if (!http.Request.HasFormContentType)
        {
            return Failure(http, Invalid.One("submission", "error.field_unencrypted"));
        }

        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        if (form.Files.GetFile("xml_submission_file") is not { } manifestPart)
        {
            return Failure(http, Invalid.One("submission", "error.field_unencrypted"));
        }

        var files = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var part in form.Files.Where(f => f.Name != "xml_submission_file"))
        {
            files[Path.GetFileName(part.FileName)] = await Read(part, http.RequestAborted);
        }

        var received = new ReceiveFieldSubmission(instance).Run(org, device, secret, await Read(manifestPart, http.RequestAborted), files);
        if (!received.IsOk)
        {
            return Failure(http, received.Error!);
        }

        var message = Texts.Get(received.Value == FieldReceipt.Stored ? "field.received" : "field.received_before", L.Lang);
        return Xml(http, StatusCodes.Status201Created, OpenRosaMessage(message, "submit_success"));
    }

    private static async Task<byte[]> Read(IFormFile part, CancellationToken stop)
    {
        using var buffer = new MemoryStream();
        await part.CopyToAsync(buffer, stop);
        return buffer.ToArray();
    }

    private static bool Credential(HttpContext http, out Guid device, out string secret)
    {
        device = Guid.Empty;
        secret = "";
        if (!AuthenticationHeaderValue.TryParse(http.Request.Headers.Authorization, out var header) ||
            !string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return false;
        }

        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
        }
        catch (FormatException)
        {
            return false;
        }

        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0 || !Guid.TryParse(decoded[..colon], out device))
        {
            return false;
        }

        secret = decoded[(colon + 1)..];
        return true;
    }

    private static IResult Challenge(HttpContext http)
    {
        http.Response.Headers.WWWAuthenticate = "Basic realm=\"Dalel field capture\", charset=\"UTF-8\"";
        return Xml(http, StatusCodes.Status401Unauthorized, OpenRosaMessage(Texts.Get("field.sign_in", L.Lang), "error"));
    }

    /// <summary>The one place a field failure becomes an OpenRosa answer. A wrong or revoked credential is asked for again.</summary>
    private static IResult Failure(HttpContext http, Error error)
    {
        switch (error)
        {
            case BadCredentials:
                return Challenge(http);
            case TooManyRequests wait:
                http.Response.Headers.RetryAfter = ((int)wait.RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return Xml(http, StatusCodes.Status429TooManyRequests, OpenRosaMessage(Texts.Get("field.too_many", L.Lang), "error"));
            case Invalid invalid:
                return Xml(http, invalid.Errors[0].MessageKey == "error.field_too_large" ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                    OpenRosaMessage(string.Join(" ", invalid.Errors.Select(e => Texts.Describe(e, L.Lang))), "error"));
            default:
                return Xml(http, StatusCodes.Status404NotFound, OpenRosaMessage(Texts.Get("field.not_here", L.Lang), "error"));
        }
    }

    private static string OpenRosaMessage(string text, string nature) =>
        new XElement(Response + "OpenRosaResponse", new XAttribute("items", "0"),
            new XElement(Response + "message", new XAttribute("nature", nature), text)).ToString(SaveOptions.DisableFormatting);

    private static void Headers(HttpContext http)
    {
        http.Response.Headers["X-OpenRosa-Version"] = "1.0";
        http.Response.Headers["X-OpenRosa-Accept-Content-Length"] = ReceiveFieldSubmission.MaxBytes.ToString(CultureInfo.InvariantCulture);
        http.Response.Headers.Date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
    }

    private static IResult Xml(HttpContext http, int status, string xml)
    {
        Headers(http);
        return Results.Text(xml, "text/xml; charset=utf-8", Encoding.UTF8, status);
    }
}
