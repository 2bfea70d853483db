using System.Diagnostics;
using System.Reflection;
using System.Runtime.Loader;
using Dalel.Core.Api;
using Dalel.Web.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using NSwag.CodeGeneration.CSharp;
using NSwag.CodeGeneration.OperationNameGenerators;
using static Dalel.Web.Tests.Api.ApiSteps;

namespace Dalel.Web.Tests.Api;

/// <summary>
/// The published OpenAPI document is good enough for tools (issue 14): a client generated from it by NSwag, compiled
/// here, creates, reads, updates and lists cases and reads a statistics table; and a third-party validator (Redocly
/// CLI) finds no error in it.
/// </summary>
public sealed class GeneratedClientTests
{
    [Fact]
    public async Task A_client_generated_by_NSwag_from_the_document_works_against_the_API()
    {
        await using var app = new DalelApp();
        app.Unseal();
        using var http = Client(app, Token(app, app.OrgA, ApiScopes.WriteCases, ApiScopes.Statistics));
        var json = await http.GetStringAsync("/api/v1/openapi.json");

        var document = await NSwag.OpenApiDocument.FromJsonAsync(json);
        var settings = new CSharpClientGeneratorSettings
        {
            ClassName = "DalelClient",
            UseBaseUrl = false,
            GenerateClientInterfaces = false,
            OperationNameGenerator = new SingleClientFromOperationIdOperationNameGenerator(),
        };
        settings.CSharpGeneratorSettings.Namespace = "Generated";
        settings.CSharpGeneratorSettings.JsonLibrary = NJsonSchema.CodeGeneration.CSharp.CSharpJsonLibrary.SystemTextJson;
        settings.CSharpGeneratorSettings.DateType = "System.DateOnly";
        var code = new CSharpClientGenerator(document, settings).GenerateFile();
        var generated = Compile(code);

        dynamic client = Activator.CreateInstance(generated.GetType("Generated.DalelClient")!, http)!;
        dynamic input = New(generated, "ApiCaseInput");
        input.Title = "Made by a generated client";
        input.Reference = "GEN-1";
        input.Date = "2024-05";
        input.Victims = List(generated, "ApiVictim");
        dynamic victim = New(generated, "ApiVictim");
        victim.CodeName = "G-1";
        input.Victims.Add(victim);
        input.Acts = List(generated, "ApiAct");
        dynamic act = New(generated, "ApiAct");
        act.Victim = "G-1";
        act.Violations = new List<string> { "online_hate_speech" };
        input.Acts.Add(act);

        dynamic created = await client.CreateCaseAsync(input);
        Guid id = created.Id;
        dynamic read = await client.GetCaseAsync(id);
        Assert.Equal("Made by a generated client", (string)read.Title);
        Assert.Equal("2024-05", (string)read.Date);

        input.Version = (long)read.Version;
        input.Title = "Changed by a generated client";
        dynamic updated = await client.UpdateCaseAsync(id, input);
        Assert.Equal("Changed by a generated client", (string)updated.Title);
        // The version it sent is stale now: the generated client surfaces the 409 problem.
        var stale = await Assert.ThrowsAnyAsync<Exception>(async () => await client.UpdateCaseAsync(id, input));
        Assert.Equal(409, (int)((dynamic)stale).StatusCode);

        dynamic page = await client.ListCasesAsync(null, null, null, null, null, null, null, null);
        Assert.Equal(1, (int)page.Total);
        dynamic table = await client.GetStatisticsAsync("violation", null, null, null, null, null, null, null);
        Assert.True((bool)table.Protected);
        Assert.Equal("violation", (string)table.Rows);
    }

    [Fact]
    public async Task The_document_passes_the_Redocly_validator()
    {
        // CI installs it (.ci/run) and must run it; elsewhere the test is skipped and says how, like PostgreSQL's.
        var redocly = Support.Repository.NpmTool(Path.Combine("tools", "openapi-lint", "node_modules", ".bin", "redocly"), "npm ci --prefix tools/openapi-lint");

        await using var app = new DalelApp();
        using var http = Client(app, null);
        var path = Path.Combine(Path.GetTempPath(), $"dalel-openapi-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(path, await http.GetStringAsync("/api/v1/openapi.json"));
        try
        {
            var start = new ProcessStartInfo(redocly, ["lint", path, "--config", Path.Combine(Support.Repository.Root(), "tools", "openapi-lint", "redocly.yaml"), "--format", "stylish"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            start.Environment["REDOCLY_TELEMETRY"] = "off";
            start.Environment["REDOCLY_SUPPRESS_UPDATE_NOTICE"] = "true";
            using var lint = Process.Start(start)!;
            var output = lint.StandardOutput.ReadToEndAsync();
            var errors = lint.StandardError.ReadToEndAsync();
            await lint.WaitForExitAsync();
            Assert.True(lint.ExitCode == 0, $"redocly lint failed:\n{await output}\n{await errors}");
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static dynamic New(Assembly generated, string type) => Activator.CreateInstance(generated.GetType("Generated." + type)!)!;

    private static dynamic List(Assembly generated, string type) => Activator.CreateInstance(typeof(List<>).MakeGenericType(generated.GetType("Generated." + type)!))!;

    /// <summary>Compiles the generated client against the running framework, as a developer's project would.</summary>
    private static Assembly Compile(string code)
    {
        var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Select(p => MetadataReference.CreateFromFile(p));
        var compilation = CSharpCompilation.Create(
            "Generated" + Guid.NewGuid().ToString("N"),
            [CSharpSyntaxTree.ParseText(code)],
            references,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var assembly = new MemoryStream();
        var emitted = compilation.Emit(assembly);
        Assert.True(emitted.Success, "the generated client does not compile:\n" + string.Join("\n", emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20)));
        assembly.Position = 0;
        return AssemblyLoadContext.Default.LoadFromStream(assembly);
    }
}
