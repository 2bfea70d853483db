using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Statistics;
using Dalel.Core.Text;

namespace Dalel.Core.Submissions;

/// <summary>
/// Turns a submission into what will be printed: numbers computed now from the statistics engine (with disclosure
/// control, as for any publication), stories checked against their case's consent and for identifying details,
/// paragraphs and footnotes numbered through the whole document, and words counted against the mechanism's limit.
/// </summary>
public sealed partial class BuildSubmission(DalelInstance instance)
{
    [GeneratedRegex(@"\[\^(\d{1,2})\]|\{statistic\}|\{estimate\}")]
    private static partial Regex Marker();

    public Result<BuiltSubmission> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var found = SubmissionStore.Find(open, id);
        if (found is null)
        {
            return new NotFound();
        }

        var submission = found.Value;
        var language = submission.Language;
        var organisations = new ListOrganisations(instance).Run() is { IsOk: true } list ? list.Value : [];
        string OrgName(Guid org) => organisations.FirstOrDefault(o => o.Id == org)?.Name ?? "";
        var mechanism = MechanismCatalog.Default.Find(submission.Mechanism);
        var problems = new List<FieldError>();
        var warnings = new List<FieldError>();
        var country = CountryName(submission.Country, language);
        if (mechanism is not null && !mechanism.Languages.Contains(language))
        {
            // "@" arguments are texts shown in the reader's language, not the document's.
            warnings.Add(new FieldError("language", "submission.language_not_accepted", "@mechanism." + mechanism.Code, "@languages." + string.Join("_", mechanism.Languages)));
        }

        // Read once, and only when a recommendation of the submission echoes one of the register.
        var register = submission.Sections.Any(x => x.Recommendations.Any(r => r.Recommendation is not null)) ? new ReadRegister(instance).Run(scope) : (Result<RegisterView>?)null;
        var number = 0;
        var tables = 0;
        var charts = 0;
        var footnote = 0;
        var statistics = new ComputeStatistics(instance);
        var figures = new FigureSet();
        var sections = new List<BuiltSection>();
        var estimates = new Dictionary<SubmissionEstimate, (string Text, string? Problem)>();
        foreach (var section in submission.Sections)
        {
            var paragraphs = new List<BuiltParagraph>();
            foreach (var paragraph in section.Paragraphs)
            {
                var field = $"paragraph:{paragraph.Id:D}";
                var sentence = "";
                StatisticsTable? table = null;
                if (paragraph.Statistic is { } statistic)
                {
                    (sentence, table) = Statistic(statistics, scope, InState(statistic, submission.Country), language, organisations, field, problems);
                    if (table is { Perturbed: false })
                    {
                        // Every exact figure of the document goes to one audit, paragraph by paragraph.
                        statistics.Figures(scope, new StatisticsScope.Organisation(scope.OrganisationId), table, figures,
                            Texts.Get("submission.paragraph_number", language, (number + 1).ToString(CultureInfo.InvariantCulture)), field, language, organisations);
                    }
                }

                if (table is not null && !table.Total.Suppressed)
                {
                    var row = paragraph.Statistic!.Row is { } code ? table.RowValues.ToList().IndexOf(code) : -1;
                    foreach (var finding in FigureChecks.Check(Marker().Replace(paragraph.Text, ""), table, row, language))
                    {
                        warnings.Add(new FieldError(field, finding.MessageKey, finding.Args));
                    }
                }

                var text = paragraph.Text;
                var openFlags = new List<StoryFlag>();
                var acceptedFlags = new List<StoryFlag>();
                if (paragraph.Story is { } story)
                {
                    text = Story(scope, open, story, language, field, problems, openFlags, acceptedFlags, paragraph.Text);
                    if (open.Case(story.Case) is { } told && told.Record.Place.Country != submission.Country)
                    {
                        warnings.Add(new FieldError(field, "submission.story_other_country", CountryName(told.Record.Place.Country, language)));
                    }
                }

                var estimate = paragraph.Estimate ? Estimate(scope, paragraph.EstimateMethod, language, field, problems, estimates) : "";
                var runs = Runs(text, sentence, estimate, paragraph.Footnotes, language, ref footnote)
                    .Select(r => r.IsFootnote ? r : r with { Text = Typography.Quotes(r.Text, language) }).ToList();
                var attribution = string.Join(", ", new[] { paragraph.AttributedTo is { } org ? OrgName(org) : "", paragraph.AttributedToNames ?? "" }.Where(a => a.Length > 0));
                paragraphs.Add(new BuiltParagraph
                {
                    Id = paragraph.Id,
                    Number = ++number,
                    Heading = string.IsNullOrWhiteSpace(paragraph.Heading) ? null : Typography.Quotes(paragraph.Heading.Trim(), language),
                    Runs = runs,
                    Attribution = attribution.Length > 0 ? attribution : null,
                    Statistic = table,
                    LeftOutForConsent = table?.LeftOutForConsent,
                    Table = table is not null && paragraph.Statistic!.ShowTable ? TableFormats.Grid(table, language, organisations) : null,
                    TableTitle = table is not null && paragraph.Statistic!.ShowTable
                        ? Texts.Get("submission.table_number", language, (++tables).ToString(CultureInfo.InvariantCulture), TableCaptions.Title(table, language, country)) : null,
                    TableCaption = table is not null ? Typography.Quotes(TableCaptions.Caption(table, language, OrgName(scope.OrganisationId)), language) : null,
                    ChartTitle = table is not null && paragraph.Statistic!.ShowChart
                        ? Texts.Get("submission.figure_number", language, (++charts).ToString(CultureInfo.InvariantCulture), TableCaptions.Title(table, language, country)) : null,
                    ChartSvg = table is not null && paragraph.Statistic!.ShowChart
                        ? Charts.Render(table, language, organisations, OrgName(scope.OrganisationId), TableCaptions.Title(table, language, country), standalone: false) : null,
                    ChartDescription = table is not null && paragraph.Statistic!.ShowChart ? string.Join(" ", Sentences.For(table, language, organisations)) : null,
                    IsStory = paragraph.Story is not null,
                    OpenFlags = openFlags,
                    AcceptedFlags = acceptedFlags,
                });
            }

            var recommendations = new List<BuiltParagraph>();
            foreach (var r in section.Recommendations)
            {
                if (r.Recommendation is { } echoed && register is { IsOk: true } entries
                    && entries.Value.Recommendations.FirstOrDefault(e => e.Id == echoed)?.Recommendation is { } source && source.Country != submission.Country)
                {
                    warnings.Add(new FieldError($"recommendation:{r.Id:D}", "submission.recommendation_other_country", CountryName(source.Country, language)));
                }

                recommendations.Add(new BuiltParagraph { Id = r.Id, Number = ++number, Runs = [new TextRun(Typography.Quotes(r.Text, language))] });
            }

            sections.Add(new BuiltSection(section.Id, Typography.Quotes(Heading(section, language), language), paragraphs, Texts.Get("submission.recommendations_for", language, country), recommendations));
        }

        foreach (var disclosure in figures.Audit(ComputeStatistics.DefaultThreshold).Disclosures)
        {
            problems.Add(new FieldError(disclosure.Origin, disclosure.Part ? "submission.figure_part_disclosive" : "submission.figure_disclosive", disclosure.Label));
        }

        var words = WordCount.Of(sections);
        var limit = mechanism?.LimitFor(submission.SubmitterCount);
        if (limit is { } max && words > max && !submission.WordLimitOverridden)
        {
            problems.Add(new FieldError("document", "submission.over_limit", words.ToString(CultureInfo.InvariantCulture), max.ToString(CultureInfo.InvariantCulture)));
        }

        return new BuiltSubmission
        {
            Id = id,
            Source = submission,
            MechanismName = mechanism?.Name(language) ?? submission.Mechanism,
            CountryName = country,
            Date = DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime),
            Warnings = warnings,
            Submitters = [.. submission.SubmittingOrganisations.Select(OrgName).Where(n => n.Length > 0), .. submission.OtherSubmitters],
            Sections = sections,
            WordCount = words,
            WordLimit = limit,
            Problems = problems,
        };
    }

    /// <summary>A submission about one State counts that State's cases, unless the paragraph asks for another.</summary>
    private static LiveStatistic InState(LiveStatistic statistic, string country) =>
        statistic.Query.Filters.ContainsKey("country") || statistic.Query.Rows == "country" || statistic.Query.Columns == "country"
            ? statistic
            : statistic with { Query = statistic.Query with { Filters = new Dictionary<string, string>(statistic.Query.Filters) { ["country"] = country } } };

    private string CountryName(string code, string language) =>
        instance.Catalog.Geography.FindCountry(code)?.Labels.For(language) ?? code;

    /// <summary>"Non-discrimination (arts. 2, 19, 20 and 26)", "(art. 7)"; in Russian "(статьи …)", in Kazakh "(…-баптар)".</summary>
    public static string Heading(Section section, string language)
    {
        var articles = section.Articles.Split([',', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (articles.Length == 0)
        {
            return section.Title;
        }

        var and = language switch { "ru" => " и ", "kk" => " және ", _ => " and " };
        var joined = articles.Length == 1 ? articles[0] : string.Join(", ", articles[..^1]) + and + articles[^1];
        var cited = language switch
        {
            "ru" => (articles.Length == 1 ? "статья " : "статьи ") + joined,
            "kk" => joined + (articles.Length == 1 ? "-бап" : "-баптар"),
            _ => (articles.Length == 1 ? "art. " : "arts. ") + joined,
        };
        return $"{section.Title} ({cited})";
    }

    private static (string Sentence, StatisticsTable? Table) Statistic(
        ComputeStatistics statistics, OrgScope scope, LiveStatistic statistic, string language, IReadOnlyList<Organisation> organisations, string field, List<FieldError> problems)
    {
        StatisticsScope where = statistic.Scope == "coalition" ? new StatisticsScope.Coalition() : new StatisticsScope.Organisation(scope.OrganisationId);
        var computed = statistics.Run(scope, where, statistic.Query with { Release = Release.Document });
        if (!computed.IsOk)
        {
            problems.Add(new FieldError(field, "submission.statistic_failed"));
            return ("", null);
        }

        var table = computed.Value;
        if (table.Total.Suppressed || table.Total.Count == 0)
        {
            problems.Add(new FieldError(field, "submission.statistic_withheld"));
            return ("", table);
        }

        if (statistic.Row is null)
        {
            return (Sentences.Combined(table, language, organisations), table);
        }

        var row = table.RowValues.ToList().IndexOf(statistic.Row);
        if (row < 0)
        {
            problems.Add(new FieldError(field, "submission.statistic_row_missing", statistic.Row));
            return ("", table);
        }

        return (Sentences.One(table, row, language, organisations), table);
    }

    private string Story(OrgScope scope, Door.Unsealed open, CaseStory story, string language, string field, List<FieldError> problems, List<StoryFlag> openFlags, List<StoryFlag> acceptedFlags, string fallback)
    {
        if (!scope.Can(Capability.ReadNarratives))
        {
            problems.Add(new FieldError(field, "submission.story_hidden"));
            return Texts.Get("submission.story_hidden_text", language);
        }

        if (open.Case(story.Case) is not { } stored)
        {
            problems.Add(new FieldError(field, "submission.story_case_missing"));
            return fallback;
        }

        if (!StoryConsent.Allows(stored.Record))
        {
            problems.Add(new FieldError(field, "submission.story_no_consent"));
        }

        var flags = StoryChecks.Find(story.Text, stored.Record, stored.Identities, instance.Catalog.Geography);
        var unresolved = StoryChecks.Open(flags, story);
        openFlags.AddRange(unresolved);
        acceptedFlags.AddRange(flags.Except(unresolved));
        if (unresolved.Count > 0)
        {
            problems.Add(new FieldError(field, "submission.story_flags", unresolved.Count.ToString(CultureInfo.InvariantCulture)));
        }

        return story.Text;
    }

    /// <summary>
    /// The sentence of the estimate from the latest linkage, by the paragraph's method (see <see cref="SubmissionEstimate"/>),
    /// made once per build for each method. Withheld, like any published count, when fewer than k incidents are documented.
    /// </summary>
    private string Estimate(OrgScope scope, SubmissionEstimate method, string language, string field, List<FieldError> problems, Dictionary<SubmissionEstimate, (string Text, string? Problem)> made)
    {
        if (!made.TryGetValue(method, out var estimate))
        {
            made[method] = estimate = MakeEstimate(scope, method, language);
        }

        if (estimate.Problem is { } problem)
        {
            problems.Add(new FieldError(field, problem));
        }

        return estimate.Text;
    }

    private (string Text, string? Problem) MakeEstimate(OrgScope scope, SubmissionEstimate method, string language)
    {
        var linked = new Linkage.OverlapsFromLinkage(instance).Open(scope);
        var overlaps = linked.IsOk ? linked.Value.All() : linked.Error!;
        if (!overlaps.IsOk)
        {
            return ("", "submission.estimate_missing");
        }

        if (overlaps.Value.Observed < ComputeStatistics.DefaultThreshold)
        {
            return ("", "submission.estimate_withheld");
        }

        // A build is a request: a method that would run for minutes (six lists, a linkage of tens of thousands) stops and says so.
        using var budget = new CancellationTokenSource(EstimateBudget);
        try
        {
            var statement = method switch
            {
                SubmissionEstimate.Averaged => Averaged(overlaps.Value, language, budget.Token),
                SubmissionEstimate.WithLinkageError => WithLinkageError(linked.Value, overlaps.Value, language, budget.Token),
                _ => Estimation.EstimateTotal.BestStatement(overlaps.Value, language),
            };
            return statement is null ? ("", method == SubmissionEstimate.WithLinkageError ? "submission.estimate_no_draws" : "submission.estimate_failed") : (statement, null);
        }
        catch (OperationCanceledException) when (budget.IsCancellationRequested)
        {
            return ("", "submission.estimate_slow");
        }
    }

    private static readonly TimeSpan EstimateBudget = TimeSpan.FromSeconds(60);

    private static string? Averaged(Estimation.ListOverlaps data, string language, CancellationToken stop)
    {
        var set = Estimation.EstimateTotal.Run([data], new Estimation.EstimateRequest { Headline = Estimation.EstimateMethod.Averaged, WithAveraging = false }, stop);
        // The estimate says a stop as a value; here the build's budget ran out, which the caller names.
        stop.ThrowIfCancellationRequested();
        return set.IsOk ? set.Value.Strata[0].Headline?.Statement(language) : null;
    }

    /// <summary>Null when the result does not carry what the draws need (results made before 2026-12-01, or by another tool).</summary>
    private static string? WithLinkageError(Linkage.LinkedTables linked, Estimation.ListOverlaps confirmed, string language, CancellationToken stop)
    {
        var drawn = linked.Drawn(Linkage.SampleLinkages.DefaultSamples);
        if (drawn.Count == 0)
        {
            return null;
        }

        // The sentence's documented count is the drawn tables' (as on the Estimate page); a reader comparing it with the
        // confirmed count other paragraphs print is told why the two differ.
        var aware = Estimation.EstimateWithLinkageError.Run(confirmed, drawn, stop: stop);
        return (long)aware.Documented == aware.Confirmed
            ? aware.Statement(language)
            : $"{aware.Statement(language)} {Texts.Get("submission.linkage_documented", language, Estimation.EstimateTotal.Number(aware.Confirmed, language))}";
    }

    /// <summary>Splits the text at footnote and statistic markers; footnotes without a marker follow the text, in order.</summary>
    private static List<TextRun> Runs(string text, string sentence, string estimate, IReadOnlyList<Footnote> footnotes, string language, ref int footnote)
    {
        var runs = new List<TextRun>();
        var placed = new HashSet<int>();
        var statisticPlaced = false;
        var estimatePlaced = false;
        var at = 0;
        var pending = new StringBuilder();
        foreach (Match m in Marker().Matches(text))
        {
            pending.Append(text, at, m.Index - at);
            at = m.Index + m.Length;
            if (m.Value == "{statistic}")
            {
                pending.Append(sentence);
                statisticPlaced = true;
                continue;
            }

            if (m.Value == "{estimate}")
            {
                pending.Append(estimate);
                estimatePlaced = true;
                continue;
            }

            var index = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) - 1;
            if (index < 0 || index >= footnotes.Count || !placed.Add(index))
            {
                continue;
            }

            runs.Add(new TextRun(pending.ToString()));
            pending.Clear();
            runs.Add(Note(++footnote, footnotes[index].Render(language)));
        }

        pending.Append(text, at, text.Length - at);
        if (!statisticPlaced && sentence.Length > 0)
        {
            pending.Append(pending.Length > 0 && !char.IsWhiteSpace(pending[^1]) ? " " : "").Append(sentence);
        }

        if (!estimatePlaced && estimate.Length > 0)
        {
            pending.Append(pending.Length > 0 && !char.IsWhiteSpace(pending[^1]) ? " " : "").Append(estimate);
        }

        runs.Add(new TextRun(pending.ToString().TrimEnd()));
        for (var i = 0; i < footnotes.Count; i++)
        {
            if (!placed.Contains(i))
            {
                runs.Add(Note(++footnote, footnotes[i].Render(language)));
            }
        }

        return runs.Where(r => r.IsFootnote || r.Text.Length > 0).ToList();
    }

    private static TextRun Note(int number, Citation citation) => new("", number, citation.Text, citation.Url);
}
