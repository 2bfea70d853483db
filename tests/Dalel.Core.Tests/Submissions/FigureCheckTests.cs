using Dalel.Core.Statistics;
using Dalel.Core.Submissions;

namespace Dalel.Core.Tests.Submissions;

public sealed class FigureCheckTests
{
    private static StatisticsTable Table(string rows, string[] values, int[] counts, int total) => new()
    {
        Unit = Unit.Cases,
        Rows = rows,
        RowValues = values,
        ColumnValues = [""],
        Cells = counts.Select(c => new[] { new Cell(c) }).ToArray(),
        RowTotals = counts.Select(c => new Cell(c)).ToArray(),
        ColumnTotals = [new Cell(total)],
        Total = new Cell(total),
        Threshold = 3,
        Query = new StatisticsQuery { Rows = rows },
    };

    private static readonly StatisticsTable Violations = Table("violation", ["fake_dating", "police_violence"], [13, 20], 33);

    private static string[] Keys(string text, StatisticsTable table, int row, string language = "en") =>
        FigureChecks.Check(text, table, row, language).Select(f => f.MessageKey).ToArray();

    [Fact]
    public void Calling_a_row_the_most_frequent_when_another_is_larger_is_flagged()
    {
        Assert.Equal(["submission.check_not_most_frequent"], Keys("Fake dating was the most frequently reported form:", Violations, 0));
        Assert.Equal(["submission.check_not_most_frequent"], Keys("Чаще всего встречались «фейковые свидания»:", Violations, 0, "ru"));
        Assert.Empty(Keys("Police violence was the most frequently reported form:", Violations, 1));
    }

    [Fact]
    public void A_majority_needs_more_than_half()
    {
        Assert.Equal(["submission.check_not_majority"], Keys("The majority of cases were fake dating:", Violations, 0));
        Assert.Empty(Keys("The majority of cases involved police:", Violations, 1));
    }

    [Fact]
    public void An_increase_needs_the_last_year_above_the_one_before()
    {
        var years = Table("year", ["2023", "2024"], [20, 18], 38);

        Assert.Equal(["submission.check_no_increase"], Keys("Cases increased sharply:", years, -1));
        Assert.Empty(Keys("Cases increased sharply:", Table("year", ["2023", "2024"], [18, 20], 38), -1));
    }

    [Fact]
    public void A_figure_typed_by_hand_that_the_table_does_not_publish_is_flagged()
    {
        Assert.Equal(["submission.check_typed_figure"], Keys("Of 112 cases, police were involved in 56%:", Violations, 1).Distinct().ToArray());
        Assert.Empty(Keys("Police were involved in 20 cases (61%) under Article 145:", Violations, 1));
    }
}
