using Dalel.Core.Register;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Register;

public sealed class UhriImportTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    // The shape of a UHRI export: its misspelt "Reccomending Body" column, semicolon-separated themes, paragraph in the text.
    private const string Export = """
        AnnotationId,Symbol,Text,Reccomending Body,Countries,Themes,AffectedPersons,Recommending State,Position,PublicationDate
        a1f0c2de-0000-4000-8000-000000000001,A/HRC/43/10,"139.48 Adopt comprehensive anti-discrimination legislation, including on sexual orientation and gender identity",UPR,Kazakhstan,Non-discrimination;Sexual orientation and gender identity,LGBTI persons,Chile,Supported,2020-01-01
        a1f0c2de-0000-4000-8000-000000000002,CCPR/C/KAZ/CO/2,"10 The State party should review the procedures for gender reassignment",Human Rights Committee,Kazakhstan,Sexual orientation and gender identity,LGBTI persons,,,2016-08-09
        """;

    private Result<UhriImportResult> Import(string csv) => new ImportUhriRecommendations(_test.Instance).Run(_test.OwnerOfA, new StringReader(csv));

    [Fact]
    public void A_UHRI_export_imports_with_paragraphs_themes_state_and_position()
    {
        var result = Import(Export).Value;

        Assert.Equal(new UhriImportResult(2, 0), result);
        var recommendations = new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Select(r => r.Recommendation).ToList();
        var upr = recommendations.Single(r => r.Mechanism == "upr");
        Assert.Equal(("A/HRC/43/10", "139.48", "Chile", StatePosition.Supported), (upr.Symbol, upr.Paragraph, upr.RecommendingState, upr.Position));
        Assert.StartsWith("Adopt comprehensive", upr.Text, StringComparison.Ordinal);
        Assert.Equal(["Non-discrimination", "Sexual orientation and gender identity"], upr.Themes);
        var ccpr = recommendations.Single(r => r.Mechanism == "ccpr");
        Assert.Equal(("10", null, "KZ"), (ccpr.Paragraph, ccpr.Position, ccpr.Country));
    }

    [Fact]
    public void Importing_the_same_export_again_adds_nothing()
    {
        Import(Export);
        Assert.Equal(new UhriImportResult(0, 2), Import(Export).Value);
    }

    [Fact]
    public void Rows_that_cannot_be_read_are_all_named_and_nothing_is_imported()
    {
        var bad = Export + """

            x3,not a symbol,"12 Something",Human Rights Committee,Kazakhstan,,,,,
            x4,CCPR/C/KAZ/CO/3,,Human Rights Committee,Kazakhstan,,,,,
            x5,CCPR/C/KAZ/CO/3,"14 Text",Committee of Nobody,Kazakhstan,,,,Maybe,
            """;

        var invalid = Assert.IsType<Invalid>(Import(bad).Error);

        Assert.Equal(["3", "4", "5"], invalid.Errors.Select(e => e.Args[0]).ToArray());
        Assert.Contains("Symbol", invalid.Errors[0].Args[1], StringComparison.Ordinal);
        Assert.Contains("Text", invalid.Errors[1].Args[1], StringComparison.Ordinal);
        Assert.Contains("Recommending Body", invalid.Errors[2].Args[1], StringComparison.Ordinal);
        Assert.Contains("Position", invalid.Errors[2].Args[1], StringComparison.Ordinal);
        Assert.Empty(new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations);
    }

    [Fact]
    public void A_file_without_the_UHRI_columns_is_refused()
    {
        var invalid = Assert.IsType<Invalid>(Import("name,age\nA,3\n").Error);
        Assert.Equal("error.uhri_columns", invalid.Errors.Single().MessageKey);
    }

    public void Dispose() => _test.Dispose();
}
