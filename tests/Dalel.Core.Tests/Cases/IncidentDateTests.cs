using Dalel.Core.Cases;

namespace Dalel.Core.Tests.Cases;

public sealed class IncidentDateTests
{
    [Theory]
    [InlineData("2024-03-15", null, DatePrecision.Day, "2024-03-15", "2024-03-15")]
    [InlineData("15.03.2024", "", DatePrecision.Day, "2024-03-15", "2024-03-15")]
    [InlineData("2024-02", null, DatePrecision.Month, "2024-02-01", "2024-02-29")]
    [InlineData("03.2024", null, DatePrecision.Month, "2024-03-01", "2024-03-31")]
    [InlineData("2024", null, DatePrecision.Year, "2024-01-01", "2024-12-31")]
    [InlineData("2024-03", "2024-05", DatePrecision.Range, "2024-03-01", "2024-05-31")]
    public void Reads_what_documenters_type(string from, string? to, DatePrecision precision, string start, string end)
    {
        Assert.True(IncidentDate.TryParse(from, to, out var date));
        Assert.Equal(precision, date!.Precision);
        Assert.Equal(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), date.From);
        Assert.Equal(DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture), date.To);
    }

    [Theory]
    [InlineData("", null)]
    [InlineData("yesterday", null)]
    [InlineData("2024-13-01", null)]
    [InlineData("2024-05", "2024-03")]
    [InlineData("2024", "soon")]
    public void Refuses_what_is_not_a_date_or_a_backwards_range(string from, string? to) =>
        Assert.False(IncidentDate.TryParse(from, to, out _));

    [Theory]
    [InlineData("2024-03-15", "")]
    [InlineData("2024-03", "")]
    [InlineData("2024", "")]
    [InlineData("2024-03-01", "2024-04-10")]
    public void Round_trips_through_the_form(string from, string to)
    {
        IncidentDate.TryParse(from, to, out var date);
        var (f, t) = date!.ToInput();
        Assert.True(IncidentDate.TryParse(f, t, out var again));
        Assert.Equal(date, again);
    }
}
