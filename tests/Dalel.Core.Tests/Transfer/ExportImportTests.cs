using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Transfer;

namespace Dalel.Core.Tests.Transfer;

public sealed class ExportImportTests
{
    private static string Export(TestInstance test, params Guid[] orgs)
    {
        using var writer = new StringWriter();
        new ExportCases(test.Instance).Run(orgs.Select(OrgScope.Cli).ToList(), writer);
        return writer.ToString();
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void An_export_imported_into_a_fresh_instance_loses_nothing(Provider provider)
    {
        using var source = TestInstance.Create(provider);
        var full = SampleCases.Valid() with
        {
            Place = new Place { Region = "karaganda", Settlement = "temirtau", Locality = "Квартал 5" },
            Sources = [new Source { Type = "witness", Reliability = "medium", Date = new DateOnly(2025, 3, 3), Description = "сосед" }],
            Interventions = [new Intervention { Type = "complaint_police", Date = new DateOnly(2025, 3, 4), Response = "refused_to_register", Note = "устно" }],
        };
        var id = new RecordCase(source.Instance).Run(source.OwnerOfA, full).Value;
        new AttachEvidence(source.Instance).Run(source.OwnerOfA, id, "scan.pdf", "application/pdf", [1, 2, 3, 4]);
        new RecordCase(source.Instance).Run(source.OwnerOfB, SampleCases.Valid(title: "Other organisation"));
        var exported = Export(source, source.OrgA, source.OrgB);

        using var target = TestInstance.Create(provider);
        var result = new ImportCases(target.Instance).Run(new StringReader(exported.Replace(source.OrgB.ToString(), target.OrgB.ToString(), StringComparison.Ordinal)), "cli", intoOrganisation: null);
        Assert.IsType<Invalid>(result.Error);

        var intoA = string.Join('\n', exported.Split('\n').Where(l => l.Contains(source.OrgA.ToString(), StringComparison.Ordinal)));
        var imported = new ImportCases(target.Instance).Run(new StringReader(intoA), "cli", target.OrgA).Value;
        Assert.Equal(new ImportSummary(1, 0), imported);

        var original = new GetCase(source.Instance).Run(source.OwnerOfA, id).Value.Record;
        var copy = new GetCase(target.Instance).Run(target.OwnerOfA, id).Value.Record;
        SameJson.Equal(original with { OrganisationId = target.OrgA }, copy);
        SameJson.Equal(new RevealIdentities(source.Instance).Run(source.OwnerOfA, id).Value, new RevealIdentities(target.Instance).Run(target.OwnerOfA, id).Value);
        Assert.Equal([1, 2, 3, 4], new OpenEvidence(target.Instance).Run(target.OwnerOfA, id, copy.Files[0].Id).Value.Content);
        Assert.Equal(Export(source, source.OrgA).Replace(source.OrgA.ToString(), target.OrgA.ToString(), StringComparison.Ordinal), Export(target, target.OrgA));

        var again = new ImportCases(target.Instance).Run(new StringReader(intoA), "cli", target.OrgA).Value;
        Assert.Equal(new ImportSummary(0, 1), again);
    }

    [Fact]
    public void A_bad_line_is_reported_by_number_and_nothing_is_imported()
    {
        using var source = TestInstance.Create();
        new RecordCase(source.Instance).Run(source.OwnerOfA, SampleCases.Valid());
        new RecordCase(source.Instance).Run(source.OwnerOfA, SampleCases.Valid(violation: "not_a_violation_code_is_refused_by_record"));
        new RecordCase(source.Instance).Run(source.OwnerOfA, SampleCases.Valid(title: "Second"));
        var lines = Export(source, source.OrgA).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        Assert.Equal(2, lines.Count);
        lines.Insert(1, "{ this is not json");
        var broken = System.Text.Json.Nodes.JsonNode.Parse(lines[0])!;
        broken["case"]!["id"] = Guid.NewGuid().ToString();
        broken["case"]!["acts"]![0]!["violations"]![0] = "made_up";
        lines.Add(broken.ToJsonString());

        using var target = TestInstance.Create();
        var result = new ImportCases(target.Instance).Run(new StringReader(string.Join('\n', lines)), "cli", target.OrgA);

        var invalid = Assert.IsType<Invalid>(result.Error);
        Assert.Equal(["line 2", "line 4"], invalid.Errors.Select(e => e.Field));
        Assert.Contains("Acts[0].Violations", invalid.Errors[1].Args[1], StringComparison.Ordinal);
        Assert.Equal(0, new SearchCases(target.Instance).Run(target.OwnerOfA, new CaseQuery()).Value.Total);
    }

}
