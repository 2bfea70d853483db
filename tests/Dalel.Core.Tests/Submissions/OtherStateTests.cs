using Dalel.Core.Cases;
using Dalel.Core.Organisations;
using Dalel.Core.Register;
using Dalel.Core.Statistics;
using Dalel.Core.Submissions;
using Dalel.Core.Tests.Support;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace Dalel.Core.Tests.Submissions;

/// <summary>A regional coalition member enters Kyrgyzstan's cycle: nothing may quietly turn it into Kazakhstan.</summary>
public sealed class OtherStateTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    // UHRI's shape for the Kyrgyz concluding observations: blank country, sub-items split between the columns and the text.
    private const string Uhri = """
        AnnotationId,Symbol,Paragraph,Text,Reccomending Body,Countries,Themes
        k1,CCPR/C/KGZ/CO/3,12,"(a) Adopt comprehensive anti-discrimination legislation that explicitly covers sexual orientation and gender identity",Human Rights Committee,,Non-discrimination
        k2,CCPR/C/KGZ/CO/3,12,"(b) Ensure that all hate crimes are investigated and their perpetrators prosecuted",Human Rights Committee,,Non-discrimination
        k3,CCPR/C/KGZ/CO/3,,"12 (c) Refrain from adopting laws that restrict freedom of expression on grounds of sexual orientation",Human Rights Committee,Kyrgyzstan,Freedom of expression
        """;

    public OtherStateTests()
    {
        Assert.True(new SetOrganisationCountries(_test.Instance).Run(_test.OwnerOfA, ["KG", "KZ"]).IsOk);
    }

    private Guid Record(string country, string region, string violation)
    {
        var content = SampleCases.Valid(violation: violation) with { Place = new Place { Country = country, Region = region } };
        return new RecordCase(_test.Instance).Run(_test.OwnerOfA, content).Value;
    }

    [Fact]
    public void A_Kyrgyz_cycle_keeps_its_State_its_sub_items_and_flags_Kazakh_evidence()
    {
        Assert.Equal(new UhriImportResult(3, 0), new ImportUhriRecommendations(_test.Instance).Run(_test.OwnerOfA, new StringReader(Uhri)).Value);
        var register = new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Select(r => r.Recommendation).ToList();
        Assert.Equal(["12 (a)", "12 (b)", "12 (c)"], register.Select(r => r.Paragraph).Order(StringComparer.Ordinal));
        Assert.All(register, r => Assert.Equal("KG", r.Country));
        Assert.All(register, r => Assert.DoesNotMatch(@"^\(", r.Text));
        var range = new SaveRegisterEntry<Recommendation>(_test.Instance).Run(_test.OwnerOfA, null, 0, new Recommendation
        {
            Mechanism = "ccpr", Body = "Human Rights Committee", Symbol = "CCPR/C/KGZ/CO/3", Paragraph = "12 (a)–(c)", Text = "Non-discrimination.", Country = "",
            FollowUp = true, FollowUpDue = new DateOnly(2026, 11, 1),
        });
        Assert.True(range.IsOk);

        var bishkek = Enumerable.Range(0, 4).Select(_ => Record("KG", "bishkek", "police_violence")).ToList();
        var osh = Enumerable.Range(0, 3).Select(_ => Record("KG", "osh", "fake_dating")).ToList();
        var almaty = Record("KZ", "almaty_city", "police_violence");
        var link = new LinkEvidence(_test.Instance);
        foreach (var c in bishkek.Append(almaty))
        {
            Assert.True(link.Run(_test.OwnerOfA, range.Value, c, link: true).IsOk);
        }

        var view = new ReadRegister(_test.Instance).Run(_test.OwnerOfA).Value.Recommendations.Single(r => r.Id == range.Value);
        Assert.Equal("KG", view.Recommendation.Country);
        Assert.Equal(new Dictionary<Guid, string> { [almaty] = "KZ" }, view.OwnCasesInOtherStates);

        var id = new CreateSubmission(_test.Instance).Run(_test.OwnerOfA, new SubmissionHeader
        {
            Title = "Joint submission on Kyrgyzstan", Mechanism = "ccpr", Country = "KG", Session = "146", StateReport = "CCPR/C/KGZ/4",
        }).Value;
        var edit = new EditSubmission(_test.Instance);
        Assert.True(edit.Run(_test.OwnerOfA, id, 1, s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Text = "Police violence is documented across the country: {statistic}",
            Statistic = new LiveStatistic { Query = new StatisticsQuery { Rows = "violation" }, ShowTable = true },
        })).IsOk);
        Assert.True(edit.Run(_test.OwnerOfA, id, 2, s => SubmissionEdits.AddRecommendation(s, s.Sections[1].Id, new SectionRecommendation
        {
            Id = Guid.NewGuid(), Text = "Adopt the law the Committee asked for.", Recommendation = range.Value,
        })).IsOk);

        var built = new BuildSubmission(_test.Instance).Run(_test.OwnerOfA, id).Value;
        Assert.Equal("Kyrgyzstan", built.CountryName);
        Assert.Equal("Recommendations for Kyrgyzstan", built.Sections[1].RecommendationsHeading);
        var figure = built.AllParagraphs.Single(p => p.Statistic is not null);
        Assert.Equal(7, figure.Statistic!.Total.Count);
        Assert.True(figure.PlainText.EndsWith("Of 7 cases documented in Kyrgyzstan, 3 (43%) involved “fake dating” entrapment and 4 (57%) police violence or abuse of authority.", StringComparison.Ordinal), figure.PlainText);
        Assert.Equal("Table 1. Cases documented in Kyrgyzstan by violation, all dates", figure.TableTitle);

        using var output = new MemoryStream();
        Assert.True(new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, id, SubmissionFormat.Docx, output).IsOk);
        using var document = WordprocessingDocument.Open(new MemoryStream(output.ToArray()), false);
        Assert.Empty(new OpenXmlValidator().Validate(document));
        var texts = document.MainDocumentPart!.Document!.Body!.Elements<W.Paragraph>().Select(p => p.InnerText).ToList();
        Assert.Contains("Review of the report of Kyrgyzstan (CCPR/C/KGZ/4)", texts);
        Assert.Contains("Recommendations for Kyrgyzstan", texts);
        Assert.DoesNotContain(texts, t => t.Contains("Kazakhstan", StringComparison.Ordinal));
    }

    [Fact]
    public void A_recommendation_to_another_State_in_a_submission_is_a_warning()
    {
        var kazakh = new SaveRegisterEntry<Recommendation>(_test.Instance).Run(_test.OwnerOfA, null, 0, new Recommendation
        {
            Mechanism = "ccpr", Body = "Human Rights Committee", Symbol = "CCPR/C/KAZ/CO/2", Paragraph = "10", Text = "Review gender reassignment.", Country = "",
        }).Value;
        var id = new CreateSubmission(_test.Instance).Run(_test.OwnerOfA, new SubmissionHeader { Title = "Kyrgyzstan", Mechanism = "ccpr", Country = "KG", Language = "ru" }).Value;
        Assert.True(new EditSubmission(_test.Instance).Run(_test.OwnerOfA, id, 1, s => SubmissionEdits.AddRecommendation(s, s.Sections[1].Id, new SectionRecommendation
        {
            Id = Guid.NewGuid(), Text = "Пересмотреть процедуру.", Recommendation = kazakh,
        })).IsOk);

        var built = new BuildSubmission(_test.Instance).Run(_test.OwnerOfA, id).Value;

        Assert.Equal(["submission.language_not_accepted", "submission.recommendation_other_country"], built.Warnings.Select(w => w.MessageKey));
        Assert.Empty(built.Problems);
        Assert.Equal("Казахстан", built.Warnings[1].Args[0]);
    }

    [Fact]
    public void Every_mechanism_names_itself_and_its_languages_in_every_interface_language()
    {
        foreach (var mechanism in MechanismCatalog.Default.All)
        {
            var warning = new FieldError("language", "submission.language_not_accepted", "@mechanism." + mechanism.Code, "@languages." + string.Join("_", mechanism.Languages));
            foreach (var language in new[] { "en", "ru", "kk" })
            {
                Assert.DoesNotContain("mechanism.", Dalel.Core.Text.Texts.Describe(warning, language), StringComparison.Ordinal);
                Assert.DoesNotContain("languages.", Dalel.Core.Text.Texts.Describe(warning, language), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void A_region_names_its_State_and_region_codes_are_unique_across_States()
    {
        var geography = _test.Instance.Catalog.Geography;
        var regions = geography.Countries.SelectMany(c => c.Regions).ToList();

        Assert.Equal(regions.Count, regions.Select(r => r.Code).Distinct().Count());
        Assert.Equal(["KG", "KZ", "TJ", "TM", "UZ"], geography.Countries.Select(c => c.Code).Order(StringComparer.Ordinal));
        Assert.All(regions, r => Assert.Matches(@"^[A-Z]{2}-[0-9A-Z]{1,3}$", r.Iso));
        Assert.Equal("KG", geography.CountryOfRegion("bishkek")!.Code);
        Assert.Equal("KG", geography.Recognise("Кыргызстан")!.Code);
        Assert.Equal("UZ", geography.FromSymbol("CCPR/C/UZB/CO/5")!.Code);
        Assert.Null(geography.Recognise("Atlantis"));
    }

    public void Dispose() => _test.Dispose();
}
