using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Submissions;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Submissions;

public sealed class SubmissionTests : IDisposable
{
    private readonly TestInstance _test = TestInstance.Create();

    internal static CaseContent WithStoryConsent(CaseContent content, bool granted = true, DateOnly? on = null) => content with
    {
        Victims = content.Victims.Select(v => v with
        {
            Consents = [.. v.Consents, new ConsentGrant { Use = StoryConsent.Use, Granted = granted, Date = on ?? new DateOnly(2025, 3, 3), Method = "written" }],
        }).ToList(),
    };

    private Guid Create(string mechanism = "ccpr", string language = "en", OrgScope? scope = null) =>
        new CreateSubmission(_test.Instance).Run(scope ?? _test.OwnerOfA, new SubmissionHeader { Title = "Joint submission", Mechanism = mechanism, Language = language, OtherSubmitters = ["Glotion"] }).Value;

    private Versioned Current(Guid id, OrgScope? scope = null)
    {
        var found = new GetSubmission(_test.Instance).Run(scope ?? _test.OwnerOfA, id).Value;
        return new Versioned(found.Version, found.Value);
    }

    private sealed record Versioned(long Version, Submission Value);

    private Result<Guid> Edit(Guid id, Func<Submission, Result<Submission>> change, OrgScope? scope = null) =>
        new EditSubmission(_test.Instance).Run(scope ?? _test.OwnerOfA, id, Current(id, scope).Version, change);

    private Guid AddParagraph(Guid id, Paragraph paragraph, int section = 1, OrgScope? scope = null)
    {
        Assert.True(Edit(id, s => SubmissionEdits.AddParagraph(s, s.Sections[section].Id, paragraph), scope).IsOk);
        return paragraph.Id;
    }

    private BuiltSubmission Build(Guid id, OrgScope? scope = null) => new BuildSubmission(_test.Instance).Run(scope ?? _test.OwnerOfA, id).Value;

    private Guid RecordCase(CaseContent content) => new RecordCase(_test.Instance).Run(_test.OwnerOfA, content).Value;

    [Fact]
    public void A_Human_Rights_Committee_submission_starts_with_the_ICCPR_article_groups()
    {
        var id = Create();
        var built = Build(id);

        Assert.Equal(6, built.Sections.Count);
        Assert.Equal("Non-discrimination (arts. 2, 19, 20 and 26)", built.Sections[1].Heading);
        Assert.Equal("Prohibition of torture and other cruel, inhuman or degrading treatment (art. 7)", built.Sections[2].Heading);
        Assert.Equal(["Organisation A", "Glotion"], built.Submitters);
        Assert.Equal(10_000, built.WordLimit);
        Assert.Equal("Недискриминация (статьи 2, 19, 20 и 26)", Build(Create(language: "ru")).Sections[1].Heading);
        Assert.Equal("Кемсітпеушілік (2, 19, 20 және 26-баптар)", Build(Create(language: "kk")).Sections[1].Heading);
    }

    [Fact]
    public void Paragraphs_and_footnotes_are_numbered_through_the_whole_document()
    {
        var id = Create();
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "First[^1] claim.", Footnotes = [new Footnote { Symbol = "CCPR/C/KAZ/QPR/3", Paragraphs = "7 (b)", Title = "List of issues prior to reporting" }] }, section: 1);
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "Second claim.", Footnotes = [new Footnote { Title = "Police raids", Publisher = "Parni+", Date = "2024", Url = "https://parniplus.com/x" }] }, section: 2);
        Assert.True(Edit(id, s => SubmissionEdits.AddRecommendation(s, s.Sections[1].Id, new SectionRecommendation { Id = Guid.NewGuid(), Text = "Adopt a law." })).IsOk);

        var built = Build(id);

        var numbered = built.Sections.SelectMany(s => s.Paragraphs.Concat(s.Recommendations)).Select(p => (p.Number, p.PlainText)).ToList();
        Assert.Equal([(1, "First claim."), (2, "Adopt a law."), (3, "Second claim.")], numbered);
        var notes = built.AllParagraphs.SelectMany(p => p.Runs).Where(r => r.IsFootnote).ToList();
        Assert.Equal([1, 2], notes.Select(n => n.FootnoteNumber!.Value));
        Assert.Equal("List of issues prior to reporting (CCPR/C/KAZ/QPR/3), para. 7 (b).", notes[0].FootnoteText);
        Assert.Equal("Parni+, “Police raids”, 2024.", notes[1].FootnoteText);
        Assert.Equal("https://parniplus.com/x", notes[1].FootnoteUrl);
    }

    [Theory]
    [InlineData("9-10", "en", "CCPR/C/KAZ/CO/2, paras. 9–10.")]
    [InlineData("12(a)-(c)", "en", "CCPR/C/KAZ/CO/2, para. 12 (a)–(c).")]
    [InlineData("12 (a) and (c)", "en", "CCPR/C/KAZ/CO/2, para. 12 (a) and (c).")]
    [InlineData("83-85, 88", "ru", "CCPR/C/KAZ/CO/2, пп. 83–85, 88.")]
    [InlineData("9", "ru", "CCPR/C/KAZ/CO/2, п. 9.")]
    [InlineData("9-10", "kk", "CCPR/C/KAZ/CO/2, 9–10-тармақтар.")]
    public void UN_documents_are_cited_in_UN_style(string paragraphs, string language, string expected) =>
        Assert.Equal(expected, new Footnote { Symbol = "CCPR/C/KAZ/CO/2", Paragraphs = paragraphs }.Render(language).Text);

    [Theory]
    [InlineData("See the Ombudsperson's report,", "See the Ombudsperson’s report.")]
    [InlineData("Interview with \"A.\", 2024.", "Interview with “A.”, 2024.")]
    [InlineData("Report. ", "Report.")]
    public void Written_citations_get_one_full_stop_and_typographic_quotes(string text, string expected)
    {
        var citation = new Footnote { Text = text, Url = "https://example.org/r" }.Render("en");

        Assert.Equal(expected, citation.Text);
        Assert.Equal("https://example.org/r", citation.Url);
    }

    [Fact]
    public void Sub_headings_text_and_recommendations_print_typographic_quotes_in_the_documents_language()
    {
        var id = Create(language: "ru");
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Heading = "Закон о \"пропаганде\"", Text = "Петиция \"Против пропаганды\" собрала подписи." });

        var paragraph = Build(id).AllParagraphs.Single();

        Assert.Equal("Закон о «пропаганде»", paragraph.Heading);
        Assert.Equal("Петиция «Против пропаганды» собрала подписи.", paragraph.PlainText);
    }

    [Theory]
    [InlineData("They called it \"treatment\".", "ru", "They called it «treatment».")]
    [InlineData("He said \"the 'list' exists\".", "en", "He said “the ‘list’ exists”.")]
    [InlineData("don't", "en", "don’t")]
    public void Quotes_are_typographic_in_the_language_of_the_document(string text, string language, string expected) =>
        Assert.Equal(expected, Typography.Quotes(text, language));

    [Fact]
    public void Live_statistics_are_recomputed_every_time_the_document_is_built()
    {
        for (var i = 0; i < 4; i++)
        {
            RecordCase(SampleCases.Valid());
        }

        for (var i = 0; i < 3; i++)
        {
            RecordCase(SampleCases.Valid(violation: "fake_dating"));
        }

        var id = Create();
        var query = new StatisticsQuery { Rows = "violation", Filters = new Dictionary<string, string> { ["year"] = "2025" } };
        var paragraph = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "Police remain the main perpetrators. {statistic}", Statistic = new LiveStatistic { Query = query, Row = "police_violence", ShowTable = true, ShowChart = true } });

        Assert.Equal("Police remain the main perpetrators. Of 7 cases documented in Kazakhstan in 2025, 4 (57%) involved police violence or abuse of authority.", Build(id).AllParagraphs.Single(p => p.Id == paragraph).PlainText);

        RecordCase(SampleCases.Valid());
        var rebuilt = Build(id).AllParagraphs.Single(p => p.Id == paragraph);
        Assert.Equal("Police remain the main perpetrators. Of 8 cases documented in Kazakhstan in 2025, 5 (63%) involved police violence or abuse of authority.", rebuilt.PlainText);
        Assert.NotNull(rebuilt.Table);
        Assert.Contains("<svg", rebuilt.ChartSvg, StringComparison.Ordinal);
    }

    [Fact]
    public void Published_numbers_follow_the_disclosure_rules_even_for_the_organisations_own_cases()
    {
        RecordCase(SampleCases.Valid());
        RecordCase(SampleCases.Valid());
        var id = Create();
        var paragraph = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "{statistic}", Statistic = new LiveStatistic { Query = new StatisticsQuery { Rows = "violation" }, Row = "police_violence" } });

        var built = Build(id);

        Assert.Contains(built.Problems, p => p.Field == $"paragraph:{paragraph:D}" && p.MessageKey == "submission.statistic_withheld");
        Assert.DoesNotContain("2", built.AllParagraphs.Single().PlainText, StringComparison.Ordinal);
    }

    [Fact]
    public void Submission_figures_count_only_consented_cases_and_say_how_many_were_left_out()
    {
        for (var i = 0; i < 4; i++)
        {
            RecordCase(SampleCases.Valid());
        }

        for (var i = 0; i < 3; i++)
        {
            RecordCase(SampleCases.Valid(violation: "fake_dating"));
        }

        var refused = SampleCases.Valid();
        RecordCase(refused with { Victims = [refused.Victims[0] with { Consents = [.. refused.Victims[0].Consents.Where(c => c.Use != "anonymous_statistics")] }] });
        RecordCase(refused with { Victims = [refused.Victims[0] with { Consents = [.. refused.Victims[0].Consents.Select(c => c with { Granted = c.Use != "anonymous_statistics" })] }] });
        var id = Create();
        var query = new StatisticsQuery { Rows = "violation", Filters = new Dictionary<string, string> { ["year"] = "2025" } };
        var paragraph = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "{statistic}", Statistic = new LiveStatistic { Query = query, Row = "police_violence", ShowTable = true } });

        var built = Build(id).AllParagraphs.Single(p => p.Id == paragraph);

        Assert.Equal("Of 7 cases documented in Kazakhstan in 2025, 4 (57%) involved police violence or abuse of authority.", built.PlainText);
        Assert.Equal(2, built.LeftOutForConsent);
        Assert.Contains(built.Table!, line => line.Contains("4"));
    }

    [Fact]
    public void A_document_whose_figures_together_reveal_a_small_count_is_refused_naming_the_paragraph_and_figure()
    {
        // Almaty: six cases, one of them reported to the police; Astana: three, none reported.
        for (var i = 0; i < 6; i++)
        {
            var content = SampleCases.Valid();
            RecordCase(i == 0 ? content with { Interventions = [new Intervention { Type = "complaint_police" }] } : content);
        }

        for (var i = 0; i < 3; i++)
        {
            RecordCase(SampleCases.Valid() with { Place = new Place { Country = "KZ", Region = "astana" } });
        }

        var id = Create();
        var all = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "{statistic}", Statistic = new LiveStatistic { Query = new StatisticsQuery { Rows = "region" }, ShowTable = true } });
        var built = Build(id);
        Assert.Empty(built.Problems);

        // Each table alone is fine (every count is 3 or more); together, Almaty minus Almaty-not-reported is 1.
        AddParagraph(id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Text = "{statistic}",
            Statistic = new LiveStatistic { Query = new StatisticsQuery { Rows = "region", Filters = new Dictionary<string, string> { ["reported"] = "no" } }, ShowTable = true },
        });
        built = Build(id);
        var problem = Assert.Single(built.Problems);
        Assert.Equal($"paragraph:{all:D}", problem.Field);
        Assert.Equal("Part of Paragraph 1: Almaty (city): together with the other figures of this document, this reveals a count of 1 or 2. Remove the figure, widen its query, or show fewer rows.",
            Dalel.Core.Text.Texts.Describe(problem, "en"));

        using var output = new MemoryStream();
        var export = new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, id, SubmissionFormat.Docx, output);
        Assert.Contains(Assert.IsType<Invalid>(export.Error).Errors, e => e.MessageKey == "submission.figure_part_disclosive");
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Only_a_case_whose_victims_consent_to_an_anonymised_story_can_be_told()
    {
        var refused = RecordCase(SampleCases.Valid());
        var consented = RecordCase(WithStoryConsent(SampleCases.Valid()));
        var id = Create();

        var attempt = Edit(id, s => SubmissionEdits.AddParagraph(s, s.Sections[2].Id, new Paragraph { Id = Guid.NewGuid(), Story = new CaseStory { Case = refused, Text = "Officers beat a trans woman." } }));
        Assert.Contains(Assert.IsType<Invalid>(attempt.Error).Errors, e => e.MessageKey == "submission.story_no_consent");

        var paragraph = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Story = new CaseStory { Case = consented, Text = "Officers beat a trans woman." } }, section: 2);
        using (var exported = new MemoryStream())
        {
            Assert.True(new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, id, SubmissionFormat.Html, exported).IsOk);
        }

        // The victim withdraws consent: the story can no longer reach any export.
        var stored = _test.Instance.Enter(_test.OwnerOfA, Capability.ReadIdentities).Value.Case(consented)!;
        var withdrawn = WithStoryConsent(CaseContent.From(stored.Record, stored.Identities), granted: false, on: new DateOnly(2025, 5, 1));
        Assert.True(new UpdateCase(_test.Instance).Run(_test.OwnerOfA, consented, stored.Version, withdrawn).IsOk);

        using var output = new MemoryStream();
        var export = new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, id, SubmissionFormat.Docx, output);
        Assert.Contains(Assert.IsType<Invalid>(export.Error).Errors, e => e.Field == $"paragraph:{paragraph:D}" && e.MessageKey == "submission.story_no_consent");
        Assert.Equal(0, output.Length);
    }

    [Fact]
    public void Identifying_details_in_a_story_block_export_until_removed_or_accepted_by_an_owner()
    {
        var caseId = RecordCase(WithStoryConsent(SampleCases.Valid()));
        var id = Create();
        const string text = "On 5 March 2025 Test was detained near ул. Абая 10; officers called +7 701 234 5678 and took her ID № 123456789.";
        var paragraph = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Story = new CaseStory { Case = caseId, Text = text } }, section: 2);

        var flags = Build(id).AllParagraphs.Single().OpenFlags;
        Assert.Equal(
            [StoryChecks.Address, StoryChecks.DocumentNumber, StoryChecks.ExactDate, StoryChecks.Name, StoryChecks.Phone],
            flags.Select(f => f.Kind).Distinct().Order(StringComparer.Ordinal).ToArray());
        using (var blocked = new MemoryStream())
        {
            Assert.Contains(Assert.IsType<Invalid>(new ExportSubmission(_test.Instance).Run(_test.OwnerOfA, id, SubmissionFormat.Html, blocked).Error).Errors,
                e => e.MessageKey == "submission.story_flags");
        }

        var documenter = TestInstance.Scope(_test.OrgA, Role.Documenter);
        Assert.IsType<Forbidden>(new AcceptStoryRisk(_test.Instance).Run(documenter, id, paragraph, flags[0]).Error);
        foreach (var flag in flags)
        {
            Assert.True(new AcceptStoryRisk(_test.Instance).Run(_test.OwnerOfA, id, paragraph, flag).IsOk);
        }

        Assert.Empty(Build(id).Problems);

        // A new detail typed later is flagged afresh.
        Assert.True(Edit(id, s => SubmissionEdits.UpdateParagraph(s, paragraph, p => p with { Story = p.Story! with { Text = text + " Her friend's number is 8 777 111 2233." } })).IsOk);
        Assert.Equal([StoryChecks.Phone], Build(id).AllParagraphs.Single().OpenFlags.Select(f => f.Kind));
    }

    [Fact]
    public void Analysts_write_submissions_but_can_neither_add_nor_see_case_stories()
    {
        var caseId = RecordCase(WithStoryConsent(SampleCases.Valid()));
        var analyst = TestInstance.Scope(_test.OrgA, Role.Analyst);
        var id = Create();
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "Analysts write text." }, scope: analyst);
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Story = new CaseStory { Case = caseId, Text = "Officers beat a trans woman in a park." } });

        var attempt = Edit(id, s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph { Id = Guid.NewGuid(), Story = new CaseStory { Case = caseId, Text = "x" } }), analyst);
        Assert.IsType<Forbidden>(attempt.Error);
        var seen = Build(id, analyst);
        Assert.DoesNotContain(seen.AllParagraphs, p => p.PlainText.Contains("park", StringComparison.Ordinal));
        Assert.Contains(seen.Problems, p => p.MessageKey == "submission.story_hidden");
    }

    [Fact]
    public void Another_organisation_cannot_open_or_edit_a_submission()
    {
        var id = Create();
        Assert.IsType<NotFound>(new GetSubmission(_test.Instance).Run(_test.OwnerOfB, id).Error);
        Assert.IsType<NotFound>(new BuildSubmission(_test.Instance).Run(_test.OwnerOfB, id).Error);
        Assert.IsType<NotFound>(new EditSubmission(_test.Instance).Run(_test.OwnerOfB, id, 1, s => s).Error);
        Assert.Empty(new ListSubmissions(_test.Instance).Run(_test.OwnerOfB).Value);
    }

    [Fact]
    public void Words_are_counted_against_the_mechanism_limit_and_only_an_owner_can_allow_more()
    {
        Assert.Equal(5, WordCount.Of("LGBTQIA+ people in 2018–2022"));
        Assert.Equal(3, WordCount.Of("трансгендерных людей Қазақстанда"));

        var id = Create("upr");
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = string.Join(" ", Enumerable.Repeat("word", 6000)) });
        var built = Build(id);
        Assert.Equal(5630, built.WordLimit); // two submitters: the joint limit
        Assert.True(built.OverLimit);
        Assert.Contains(built.Problems, p => p.MessageKey == "submission.over_limit");

        Assert.IsType<Forbidden>(new OverrideWordLimit(_test.Instance).Run(TestInstance.Scope(_test.OrgA, Role.Documenter), id, true).Error);
        Assert.True(new OverrideWordLimit(_test.Instance).Run(_test.OwnerOfA, id, true).IsOk);
        Assert.Empty(Build(id).Problems);
    }

    [Fact]
    public void Moving_a_paragraph_past_the_end_of_its_section_takes_it_to_the_next()
    {
        var id = Create();
        var first = AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "A" }, section: 1);
        AddParagraph(id, new Paragraph { Id = Guid.NewGuid(), Text = "B" }, section: 2);
        Assert.True(Edit(id, s => SubmissionEdits.MoveParagraph(s, first, +1)).IsOk);

        var sections = Current(id).Value.Sections;
        Assert.Empty(sections[1].Paragraphs);
        Assert.Equal(["A", "B"], sections[2].Paragraphs.Select(p => p.Text));
    }

    public void Dispose() => _test.Dispose();
}
