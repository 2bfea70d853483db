using Dalel.Core.Import;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Tests.Import;

/// <summary>The mapping steps of a sheet import (issue 14, first part): headers and free-text values in three languages.</summary>
public sealed class SuggestionTests
{
    [Fact]
    public void Russian_Kazakh_and_English_headers_get_their_fields_and_unknown_ones_none()
    {
        var suggested = SuggestColumns.For(["№", "Дата инцидента", "Облыс", "Что произошло", "Кто", "Примечание", "Date", "Пострадавший"]);

        Assert.Equal(
            [ImportFields.Reference, ImportFields.Date, ImportFields.Region, ImportFields.Narrative, ImportFields.Perpetrator, null, null, ImportFields.VictimCode],
            suggested.Select(s => s.Field));
    }

    [Fact]
    public void Free_text_perpetrators_are_counted_and_mapped_with_how_the_match_was_found()
    {
        string[] column = ["полиция", "Полиция ", "МВД", "участковый", "Участковый", "соседи", "КНБ", "Police", "родственник"];

        var suggestions = SuggestValues.For(Catalog.Default[Catalog.PerpetratorTypes], column);

        var byValue = suggestions.ToDictionary(s => s.Value, StringComparer.OrdinalIgnoreCase);
        Assert.Equal((2, "police", SuggestionBasis.Label), (byValue["полиция"].Count, byValue["полиция"].Code, byValue["полиция"].Basis));
        Assert.Equal(("police", SuggestionBasis.Synonym), (byValue["МВД"].Code, byValue["МВД"].Basis));
        Assert.Equal((2, "police"), (byValue["участковый"].Count, byValue["участковый"].Code));
        Assert.Equal("other_law_enforcement", byValue["КНБ"].Code);
        Assert.Equal(("police", SuggestionBasis.Label), (byValue["Police"].Code, byValue["Police"].Basis));
        // Every distinct value is listed, matched or not: nothing is silently dropped.
        Assert.Equal(column.Select(v => v.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(), suggestions.Count);
        Assert.Equal(column.Length, suggestions.Sum(s => s.Count));
        Assert.All(suggestions.Where(s => s.Code is not null), s => Assert.True(Catalog.Default[Catalog.PerpetratorTypes].Contains(s.Code)));
    }

    [Fact]
    public void A_value_matching_no_term_has_no_suggestion()
    {
        var suggestions = SuggestValues.For(Catalog.Default[Catalog.PerpetratorTypes], ["xyz"]);

        Assert.Null(Assert.Single(suggestions).Code);
    }
}
