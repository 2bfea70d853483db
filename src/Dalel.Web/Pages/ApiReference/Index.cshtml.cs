using System.Text.Json;
using Dalel.Web.Api;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Dalel.Web.Pages.ApiReference;

/// <summary>
/// The API reference, rendered on the server from the same OpenAPI document the API publishes: readable with JavaScript
/// off, nothing loaded from elsewhere, never out of step with the code.
/// </summary>
public sealed class IndexModel : PageModel
{
    public sealed record Parameter(string Name, string In, bool Required, string Type, string Description);

    public sealed record Reply(string Status, string Description, string Type);

    public sealed record Operation(string Method, string Path, string Id, string Summary, string Description, IReadOnlyList<string> Tags, IReadOnlyList<Parameter> Parameters, string? Body, IReadOnlyList<Reply> Responses);

    public sealed record Property(string Name, string Type, bool Required, string Description);

    public sealed record Schema(string Name, IReadOnlyList<Property> Properties);

    public string Title { get; private set; } = "";

    public string Description { get; private set; } = "";

    public IReadOnlyList<Operation> Operations { get; private set; } = [];

    public IReadOnlyList<Schema> Schemas { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync([FromKeyedServices(ApiServices.DocumentName)] IOpenApiDocumentProvider provider)
    {
        var document = await provider.GetOpenApiDocumentAsync(HttpContext.RequestAborted);
        using var json = JsonDocument.Parse(await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0, HttpContext.RequestAborted));
        var root = json.RootElement;
        Title = Text(root.GetProperty("info"), "title");
        Description = Text(root.GetProperty("info"), "description");
        var operations = new List<Operation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Value.ValueKind == JsonValueKind.Object))
            {
                var op = method.Value;
                var parameters = op.TryGetProperty("parameters", out var ps)
                    ? ps.EnumerateArray().Select(p => new Parameter(Text(p, "name"), Text(p, "in"), p.TryGetProperty("required", out var r) && r.GetBoolean(), p.TryGetProperty("schema", out var s) ? TypeOf(s) : "", Text(p, "description"))).ToList()
                    : [];
                string? body = op.TryGetProperty("requestBody", out var rb) && rb.TryGetProperty("content", out var content)
                    ? string.Join(", ", content.EnumerateObject().Select(c => $"{c.Name}: {(c.Value.TryGetProperty("schema", out var s) ? TypeOf(s) : "")}"))
                    : null;
                var responses = op.TryGetProperty("responses", out var rs)
                    ? rs.EnumerateObject().Select(r => new Reply(r.Name, Text(r.Value, "description"),
                        r.Value.TryGetProperty("content", out var rc) ? string.Join(", ", rc.EnumerateObject().Select(c => $"{c.Name}: {(c.Value.TryGetProperty("schema", out var s) ? TypeOf(s) : "")}")) : "")).ToList()
                    : [];
                var tags = op.TryGetProperty("tags", out var ts) ? ts.EnumerateArray().Select(t => t.GetString() ?? "").ToList() : [];
                operations.Add(new Operation(method.Name.ToUpperInvariant(), path.Name, Text(op, "operationId"), Text(op, "summary"), Text(op, "description"), tags, parameters, body, responses));
            }
        }

        Operations = operations;
        Schemas = root.TryGetProperty("components", out var components) && components.TryGetProperty("schemas", out var schemas)
            ? schemas.EnumerateObject().Select(s => new Schema(s.Name, s.Value.TryGetProperty("properties", out var props)
                ? props.EnumerateObject().Select(p => new Property(p.Name, TypeOf(p.Value),
                    s.Value.TryGetProperty("required", out var req) && req.EnumerateArray().Any(x => x.GetString() == p.Name), Text(p.Value, "description"))).ToList()
                : [])).ToList()
            : [];
        return Page();
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    /// <summary>A schema as a short type: a reference's name, "array of X", or the type with its format.</summary>
    private static string TypeOf(JsonElement schema)
    {
        if (schema.TryGetProperty("$ref", out var reference))
        {
            return reference.GetString()!.Split('/')[^1];
        }

        if (schema.TryGetProperty("items", out var items))
        {
            return "array of " + TypeOf(items);
        }

        var type = Text(schema, "type");
        var format = Text(schema, "format");
        var nullable = schema.TryGetProperty("nullable", out var n) && n.ValueKind == JsonValueKind.True ? " | null" : "";
        return (format.Length > 0 ? $"{type} ({format})" : type.Length > 0 ? type : "object") + nullable;
    }
}
