using Dalel.Core.Transfer;

namespace Dalel.Core.Tests.Transfer;

/// <summary>The one CSV writer every export uses (ODIHR, statistics, de-identified) neutralises formulas (issue 20, finding 6).</summary>
public sealed class CsvOutputTests
{
    [Fact]
    public void Cells_a_spreadsheet_would_run_are_written_as_text_and_others_as_they_are()
    {
        using var text = new StringWriter();
        using (var csv = CsvOutput.Open(text))
        {
            csv.WriteRecord(["=HYPERLINK(\"http://evil.example\")", "@SUM(1+1)", "+7 701", "-2+3+cmd|' /C calc'!A0", "\tTab", "Almaty", "112", "np"]);
            csv.Flush();
        }

        var cells = text.ToString().TrimEnd('\r', '\n');
        Assert.StartsWith("\"'=HYPERLINK(", cells, StringComparison.Ordinal);
        Assert.Contains("'@SUM(1+1)", cells, StringComparison.Ordinal);
        Assert.Contains("'+7 701", cells, StringComparison.Ordinal);
        Assert.Contains("'-2+3+cmd", cells, StringComparison.Ordinal);
        Assert.Contains("'\tTab", cells, StringComparison.Ordinal);
        Assert.EndsWith(",Almaty,112,np", cells, StringComparison.Ordinal);
    }

    [Fact]
    public void A_record_assembled_from_cells_escaped_one_by_one_is_what_the_writer_writes()
    {
        // The de-identified export escapes each distinct cell once and assembles its rows itself.
        string[] record = ["=HYPERLINK(\"x\")", "a,b", "say \"hi\"", "two\nlines", "Алматы облысы", "", " padded ", "-1", "12", "police;threats", "a b", "x-y", "_;",
            .. Dalel.Core.Vocabularies.Catalog.Default.All.SelectMany(v => v.Terms.Select(t => t.Code))];
        using var text = new StringWriter();
        using (var csv = CsvOutput.Open(text))
        {
            csv.WriteRecord(record);
            csv.WriteRecord(record);
            csv.Flush();
        }

        var assembled = string.Join(CsvOutput.Separator, record.Select(CsvOutput.Cell)) + CsvOutput.RecordEnd;
        Assert.Equal(text.ToString(), assembled + assembled);
        Assert.Equal(",", CsvOutput.Separator);
    }
}
