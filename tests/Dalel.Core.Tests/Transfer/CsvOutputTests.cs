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
}
