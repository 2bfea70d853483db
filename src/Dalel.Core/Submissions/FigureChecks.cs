using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core.Statistics;

namespace Dalel.Core.Submissions;

/// <summary>
/// Words an editor typed around a live figure that the figure no longer supports: "the most frequent" for a row that
/// is not the largest, "the majority" for 50% or less, "an increase" when the last year is not above the one before,
/// or a count or percentage typed by hand that the table does not publish. Warnings, not errors: the editor decides.
/// </summary>
public static partial class FigureChecks
{
    [GeneratedRegex(@"most (?:frequent|common|often)|наиболее (?:част|распростран)|чаще всего|ең жиі|ең көп таралған", RegexOptions.IgnoreCase)]
    private static partial Regex MostFrequent();

    [GeneratedRegex(@"\bmajority\b|\bmost of\b|большинств|басым бөлігі|көпшілігі", RegexOptions.IgnoreCase)]
    private static partial Regex Majority();

    [GeneratedRegex(@"\bincreas|\brise\b|\brose\b|\bgrew\b|\bgrowth\b|\bувелич|\bрост|\bвырос|өсті|артты|өсу", RegexOptions.IgnoreCase)]
    private static partial Regex Increase();

    [GeneratedRegex(@"(?<![\d.,/])(\d{1,6})(?:\s?%|\s+(?:cases?|victims?|acts?|incidents?|дел[ао]?\b|случа\w*|пострадавш\w*|эпизод\w*|іс\w*|жәбірленуші\w*))", RegexOptions.IgnoreCase)]
    private static partial Regex TypedFigure();

    public sealed record Finding(string MessageKey, params string[] Args);

    /// <param name="text">The paragraph as the editor typed it, without the live sentence.</param>
    /// <param name="row">The row the paragraph prints, or -1 when it prints every row.</param>
    public static IReadOnlyList<Finding> Check(string text, StatisticsTable table, int row, string language)
    {
        var findings = new List<Finding>();
        var totals = table.RowTotals;
        if (row >= 0 && row < totals.Length && !totals[row].Suppressed)
        {
            var count = totals[row].Count;
            var label = StatisticsLabels.Value(table.Rows, table.RowValues[row], language);
            if (MostFrequent().IsMatch(text) && totals.Where((c, i) => i != row && table.RowValues[i].Length > 0).Any(c => !c.Suppressed && c.Count > count))
            {
                var top = Enumerable.Range(0, totals.Length).Where(i => table.RowValues[i].Length > 0 && !totals[i].Suppressed).MaxBy(i => totals[i].Count);
                findings.Add(new Finding("submission.check_not_most_frequent", label, StatisticsLabels.Value(table.Rows, table.RowValues[top], language)));
            }

            if (Majority().IsMatch(text) && table.ShareOfTotal(row) is { } share && share <= 50)
            {
                findings.Add(new Finding("submission.check_not_majority", label, Sentences.PercentText(share)));
            }
        }

        if (Increase().IsMatch(text) && table.Rows == "year" && totals.Length >= 2 && !totals[^1].Suppressed && !totals[^2].Suppressed && totals[^1].Count <= totals[^2].Count)
        {
            findings.Add(new Finding("submission.check_no_increase", table.RowValues[^2], table.RowValues[^1]));
        }

        var published = totals.Concat(table.Cells.SelectMany(c => c)).Append(table.Total).Where(c => !c.Suppressed).Select(c => c.Count).ToHashSet();
        var shares = Enumerable.Range(0, totals.Length).Select(i => table.ShareOfTotal(i)).OfType<double>().Select(p => (int)Math.Round(p, MidpointRounding.AwayFromZero)).ToHashSet();
        foreach (Match m in TypedFigure().Matches(text))
        {
            var value = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
            var percent = m.Value.Contains('%', StringComparison.Ordinal);
            if (percent ? !shares.Contains(value) : !published.Contains(value))
            {
                findings.Add(new Finding("submission.check_typed_figure", m.Value.Trim()));
            }
        }

        return findings;
    }
}
