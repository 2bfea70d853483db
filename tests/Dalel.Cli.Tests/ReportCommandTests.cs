using DocumentFormat.OpenXml.Packaging;

namespace Dalel.Cli.Tests;

public sealed class ReportCommandTests
{
    [Fact]
    public void The_demo_submission_and_hate_crime_report_export_from_the_command_line()
    {
        using var dalel = new DalelProcess();
        dalel.Ok("demo");
        dalel.Environment["DALEL_PASSPHRASE"] = "dalel demo passphrase";
        var listed = dalel.Ok("submission", "list").Out.Trim().Split('\n');
        var id = Assert.Single(listed)[..36];
        var docx = Path.Combine(dalel.Data, "submission.docx");

        var export = dalel.Ok("submission", "export", "--id", id, "--format", "docx", "--out", docx);

        Assert.Contains("words of 10000 allowed", export.Err, StringComparison.Ordinal);
        using (var document = WordprocessingDocument.Open(docx, false))
        {
            Assert.Contains("Of 94 cases documented in Kazakhstan in 2024, 47 (50%) involved police.", document.MainDocumentPart!.Document!.Body!.InnerText, StringComparison.Ordinal);
        }

        var missing = dalel.Dalel("submission", "export", "--id", Guid.NewGuid().ToString(), "--out", docx);
        Assert.Equal(1, missing.Exit);
        Assert.Contains("No submission", missing.Err, StringComparison.Ordinal);

        var trans = dalel.Ok("org", "list").Out.Split('\n').Single(l => l.Contains("Trans", StringComparison.Ordinal))[..36];
        var csv = Path.Combine(dalel.Data, "hcr.csv");
        dalel.Ok("hate-crime", "export", "--org", trans, "--year", "2024", "--format", "csv", "--out", csv);
        var lines = File.ReadAllLines(csv);
        Assert.StartsWith("Incident reference,Date (month),Region", lines[0].TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.True(lines.Length > 10);
        Assert.All(lines.Skip(1), l => Assert.Matches("^DL-2024-[0-9A-F]{6},2024-", l));
    }
}
