using Dalel.Core.Cases;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Register;

public sealed class RegisterTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    private static Recommendation Co3Para(string paragraph, string text = "Review the procedures for gender reassignment to ensure their compatibility with the Covenant.") => new()
    {
        Mechanism = "ccpr",
        Body = "Human Rights Committee",
        Symbol = "CCPR/C/KAZ/CO/3",
        Paragraph = paragraph,
        Text = text,
        Themes = ["Sexual orientation and gender identity"],
    };

    private Guid Save(Recommendation recommendation, OrgScope? scope = null) =>
        new SaveRegisterEntry<Recommendation>(_test.Instance).Run(scope ?? _test.OwnerOfA, null, 0, recommendation).Value;

    [Fact]
    public void A_recommendation_needs_a_real_symbol_and_paragraph_and_each_problem_is_named()
    {
        var result = new SaveRegisterEntry<Recommendation>(_test.Instance).Run(_test.OwnerOfA, null, 0,
            Co3Para("para ten") with { Symbol = "ccpr kaz co3", Text = " " });

        var invalid = Assert.IsType<Invalid>(result.Error);
        Assert.Equal(["paragraph", "symbol", "text"], invalid.Errors.Select(e => e.Field).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains(invalid.Errors, e => e.Field == "symbol" && e.MessageKey == "error.un_symbol");
        Assert.Contains(invalid.Errors, e => e.Field == "paragraph" && e.MessageKey == "error.paragraph_reference");
        Assert.Contains(invalid.Errors, e => e.Field == "text" && e.MessageKey == "error.required");
        Assert.Empty(new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations);
    }

    [Theory]
    [InlineData("CCPR/C/KAZ/QPR/3", true)]
    [InlineData("CCPR/C/KAZ/CO/3/Add.1", true)]
    [InlineData("A/HRC/WG.6/48/KAZ/1", true)]
    [InlineData("A/HRC/43/10", true)]
    [InlineData("CCPR", false)]
    [InlineData("ccpr/c/kaz", false)]
    public void Symbols_follow_the_UN_grammar(string symbol, bool valid) => Assert.Equal(valid, RegisterValidation.IsSymbol(symbol));

    [Theory]
    [InlineData("7", true)]
    [InlineData("7 (b)", true)]
    [InlineData("139.48", true)]
    [InlineData("96-99", true)]
    [InlineData("96–99", true)]
    [InlineData("83-85, 88", true)]
    [InlineData("12 (a)–(c)", true)]
    [InlineData("12(a)-(c)", true)]
    [InlineData("12 (a) and (c)", true)]
    [InlineData("14 (a) (i)", true)]
    [InlineData("14 (a)(iv)", true)]
    [InlineData("seven", false)]
    [InlineData("12 (a", false)]
    [InlineData("(a)", false)]
    public void Paragraph_references_are_read_as_cited(string paragraph, bool valid) => Assert.Equal(valid, RegisterValidation.IsParagraph(paragraph));

    [Fact]
    public void Assessments_form_a_history_and_the_latest_decides()
    {
        var id = Save(Co3Para("10"));
        var assess = new AssessRecommendation(_test.Instance);

        Assert.True(assess.Run(_test.OwnerOfA, id, new ImplementationAssessment { Date = new DateOnly(2025, 3, 1), Source = AssessmentSource.Coalition, Status = "partially_implemented" }).IsOk);
        Assert.True(assess.Run(_test.OwnerOfA, id, new ImplementationAssessment { Date = new DateOnly(2024, 1, 1), Source = AssessmentSource.Committee, Status = "C1" }).IsOk);
        var wrongScale = assess.Run(_test.OwnerOfA, id, new ImplementationAssessment { Date = new DateOnly(2025, 1, 1), Source = AssessmentSource.Committee, Status = "fully_implemented" });
        var future = assess.Run(_test.OwnerOfA, id, new ImplementationAssessment { Date = new DateOnly(2030, 1, 1), Source = AssessmentSource.Coalition, Status = "not_implemented" });

        Assert.IsType<Invalid>(wrongScale.Error);
        Assert.IsType<Invalid>(future.Error);
        var view = new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Single();
        Assert.Equal(2, view.Recommendation.Assessments.Count);
        Assert.Equal("partially_implemented", view.Recommendation.Latest!.Status);
    }

    [Fact]
    public void Evidence_links_show_case_ids_only_to_the_organisation_that_holds_the_case()
    {
        var id = Save(Co3Para("10"));
        var caseOfA = new RecordCase(_test.Instance).Run(_test.OwnerOfA, SampleCases.Valid()).Value;
        var caseOfB = new RecordCase(_test.Instance).Run(_test.OwnerOfB, SampleCases.Valid()).Value;
        var link = new LinkEvidence(_test.Instance);

        Assert.True(link.Run(_test.OwnerOfA, id, caseOfA, link: true).IsOk);
        Assert.IsType<NotFound>(link.Run(_test.OwnerOfA, id, caseOfB, link: true).Error);
        Assert.IsType<Forbidden>(link.Run(TestInstance.Scope(_test.OrgA, Role.Viewer), id, caseOfA, link: true).Error);

        var seenByA = new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Single();
        var seenByB = new ReadRegister(_test.Instance).Run(_test.OwnerOfB).Value.Recommendations.Single();
        Assert.Equal([caseOfA], seenByA.OwnCases);
        Assert.Empty(seenByB.OwnCases);
        Assert.Equal(1, seenByB.OtherOrganisationsCases[_test.OrgA]);
        Assert.Empty(seenByB.Recommendation.Evidence);
    }

    [Fact]
    public void A_recommendation_carrying_another_organisations_evidence_cannot_be_deleted_by_a_member_of_a_third()
    {
        var id = Save(Co3Para("10"));
        var caseOfB = new RecordCase(_test.Instance).Run(_test.OwnerOfB, SampleCases.Valid()).Value;
        Assert.True(new LinkEvidence(_test.Instance).Run(_test.OwnerOfB, id, caseOfB, link: true).IsOk);

        var analystOfA = TestInstance.Scope(_test.OrgA, Role.Analyst);
        var refused = new DeleteRegisterEntry<Recommendation>(_test.Instance).Run(analystOfA, id);

        Assert.Equal("register.delete_others_evidence", Assert.Single(Assert.IsType<Invalid>(refused.Error).Errors).MessageKey);
        Assert.Single(new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations);

        // Organisation B withdraws its link; then the entry can go.
        Assert.True(new LinkEvidence(_test.Instance).Run(_test.OwnerOfB, id, caseOfB, link: false).IsOk);
        Assert.True(new DeleteRegisterEntry<Recommendation>(_test.Instance).Run(analystOfA, id).IsOk);
        Assert.Empty(new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations);
    }

    [Fact]
    public void Viewers_read_the_register_but_cannot_change_it()
    {
        var viewer = TestInstance.Scope(_test.OrgA, Role.Viewer);
        Assert.IsType<Forbidden>(new SaveRegisterEntry<Recommendation>(_test.Instance).Run(viewer, null, 0, Co3Para("10")).Error);
        Assert.True(new ReadRegister(_test.Instance).Run(viewer).IsOk);
        Assert.True(new SaveRegisterEntry<Recommendation>(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Role.Analyst), null, 0, Co3Para("10")).IsOk);
    }

    [Fact]
    public void An_edit_of_a_version_someone_else_changed_is_refused()
    {
        var id = Save(Co3Para("10"));
        var save = new SaveRegisterEntry<Recommendation>(_test.Instance);
        Assert.True(save.Run(_test.OwnerOfA, id, 1, Co3Para("10", "First edit")).IsOk);
        Assert.IsType<EditConflict>(save.Run(_test.OwnerOfB, id, 1, Co3Para("10", "Second edit from a stale form")).Error);
        Assert.Equal("First edit", new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Single().Recommendation.Text);
    }

    [Fact]
    public void A_document_symbol_is_registered_once()
    {
        var save = new SaveRegisterEntry<UnDocument>(_test.Instance);
        var qpr = new UnDocument { Symbol = "CCPR/C/KAZ/QPR/3", Type = DocumentType.ListOfIssuesPriorToReporting, Mechanism = "ccpr", Country = "KZ", Title = "List of issues prior to reporting" };
        Assert.True(save.Run(_test.OwnerOfA, null, 0, qpr).IsOk);
        Assert.Equal(new AlreadyExists("symbol"), save.Run(_test.OwnerOfA, null, 0, qpr).Error);
    }

    [Fact]
    public void Register_text_is_sealed_at_rest()
    {
        Save(Co3Para("10", "Unmistakable recommendation marker text"));
        _test.Instance.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        var bytes = Directory.GetFiles(_test.Directory, "*", SearchOption.AllDirectories).SelectMany(File.ReadAllBytes).ToArray();
        Assert.DoesNotContain("Unmistakable recommendation marker", System.Text.Encoding.UTF8.GetString(bytes), StringComparison.Ordinal);
    }

    public void Dispose() => _test.Dispose();
}
