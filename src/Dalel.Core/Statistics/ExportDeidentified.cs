using System.Globalization;
using CsvHelper;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>What the de-identified export wrote and what it kept back.</summary>
/// <param name="Level">How far the quasi-identifiers were coarsened: 0 none, 1 no month, 2 no month or region, 3 year only.</param>
public sealed record DeidentifiedExport(int Rows, int LeftOutForConsent, int WithheldForAnonymity, int Level);

/// <summary>
/// One row per consented case of one organisation, with coded fields only: no narrative, title, names, contacts,
/// descriptions or case ids (rows get a number valid for this file only). A case is included only if every victim
/// consented to anonymous statistics. The file is 3-anonymous over the facts that single people out (organisation,
/// year, month, region, sexual orientation, gender identity and expression, sex characteristics, trans status, age
/// bands, number of victims; see <see cref="Groups"/>): the whole file is coarsened one level at a time (month, then
/// region, then everything but the year) until at most 5% of rows sit in groups smaller than 3, and those rows are
/// left out. Exact dates and
/// settlements appear only where every victim consented to publication with their name.
/// Coalition scope is refused: a row-level file is a count of 1 of each of its combinations, which the coalition's
/// published figures promise never to reveal; coalition members use the perturbed tables. Rows are written as they
/// are read; memory holds a reference per case and one counter per group.
/// </summary>
public sealed class ExportDeidentified(DalelInstance instance)
{
    public const int K = ComputeStatistics.DefaultThreshold;

    /// <summary>Share of rows that may be left out at a level before the next, coarser one is tried.</summary>
    private const double MostLeftOut = 0.05;

    public static readonly string[] Header =
    [
        "row", "organisation", "year", "month", "date", "region", "settlement", "status", "victims", "acts", "violations", "perpetrators",
        "iccpr", "sexual_orientation", "gender_identity", "gender_expression", "sex_characteristics", "trans_status", "age_bands",
        "reported", "responses",
    ];

    /// <summary>Columns blanked at each level of coarsening.</summary>
    private static readonly string[][] Blanked =
    [
        [],
        ["month"],
        ["month", "region"],
        ["month", "region", "sexual_orientation", "gender_identity", "gender_expression", "sex_characteristics", "trans_status", "age_bands", "victims"],
    ];


    public Result<DeidentifiedExport> Run(OrgScope reader, StatisticsScope scope, TextWriter output, Action<int>? progress = null)
    {
        if (!reader.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        if (scope is not StatisticsScope.Organisation own)
        {
            return Invalid.One("scope", "stats.deidentified_coalition");
        }

        if (own.Id != reader.OrganisationId)
        {
            return new NotFound();
        }

        var opened = instance.Enter(reader, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var organisation = new ListOrganisations(instance).Run().Value.First(o => o.Id == own.Id).Name;
        // One snapshot for both passes: a case recorded between them would otherwise be written unchecked.
        var all = open.Cases.Select(c => c.Record).ToList();
        IEnumerable<CaseRecord> Consented() => all.Where(ComputeStatistics.Consented);
        var (level, small) = ChooseLevel(Consented());
        var blanked = Blanked[level].Select(c => Array.IndexOf(Header, c)).ToArray();

        using var csv = Transfer.CsvOutput.Open(output);
        csv.WriteRecord(Header);
        var row = 0;
        var consented = 0;
        foreach (var c in Consented())
        {
            consented++;
            if (small.Contains(Groups(c)[level]))
            {
                continue;
            }

            var line = Line(row + 1, organisation, c);
            Coarsen(line, blanked);

            line[0] = (++row).ToString(CultureInfo.InvariantCulture);
            csv.WriteRecord(line);
            if (row % 10_000 == 0)
            {
                csv.Flush();
                progress?.Invoke(row);
            }
        }

        csv.Flush();
        progress?.Invoke(row);
        return new DeidentifiedExport(row, all.Count - consented, consented - row, level);
    }

    /// <summary>
    /// The least coarsening that leaves out at most 5% of rows, and the groups too small at it. One pass counts the
    /// groups of every level at once.
    /// </summary>
    private static (int Level, HashSet<string> Small) ChooseLevel(IEnumerable<CaseRecord> cases)
    {
        var sizes = Enumerable.Range(0, Blanked.Length).Select(_ => new Dictionary<string, int>(StringComparer.Ordinal)).ToArray();
        var rows = 0;
        foreach (var c in cases)
        {
            rows++;
            var groups = Groups(c);
            for (var level = 0; level < groups.Length; level++)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(sizes[level], groups[level], out _)++;
            }
        }

        for (var level = 0; level < Blanked.Length; level++)
        {
            var small = sizes[level].Where(s => s.Value < K).Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
            var leftOut = sizes[level].Where(s => s.Value < K).Sum(s => s.Value);
            if (leftOut <= MostLeftOut * rows || level == Blanked.Length - 1)
            {
                return (level, small);
            }
        }

        throw new InvalidOperationException("unreachable");
    }

    private static void Coarsen(string[] line, int[] blanked)
    {
        foreach (var column in blanked)
        {
            line[column] = "";
        }
    }

    /// <summary>
    /// A case's group at each level of coarsening: the quasi-identifiers the file will show for it, joined (one
    /// organisation per file, so it is not among them). Keys are the exact text, so two groups can never be taken for one.
    /// </summary>
    private static string[] Groups(CaseRecord c)
    {
        var v = c.Victims;
        var year = c.Date.From.Year.ToString(CultureInfo.InvariantCulture);
        var people = string.Join('\u001f', Codes(v.Select(x => x.SexualOrientation)), Codes(v.Select(x => x.GenderIdentity)), Codes(v.Select(x => x.GenderExpression)),
            Codes(v.Select(x => x.SexCharacteristics)), Codes(v.Select(x => x.TransStatus)), Codes(v.Select(x => x.EffectiveAgeBand)), v.Count.ToString(CultureInfo.InvariantCulture));
        var noRegion = year + "\u001f" + people;
        var noMonth = noRegion + "\u001f" + (c.Place.Region ?? "");
        var month = c.Date.Precision is DatePrecision.Day or DatePrecision.Month ? c.Date.From.Month.ToString(CultureInfo.InvariantCulture) : "";
        return [noMonth + "\u001f" + month, noMonth, noRegion, year];
    }

    /// <summary>Distinct codes, sorted, joined with ';'.</summary>
    private static string Codes(IEnumerable<string?> codes) => string.Join(';', codes.OfType<string>().Distinct().Order(StringComparer.Ordinal));

    private static string[] Line(int row, string organisation, CaseRecord c)
    {
        var named = c.Victims.Count > 0 && c.Victims.All(v => v.Allows("named_publication"));
        var violations = c.Acts.SelectMany(a => a.Violations).ToList();
        return
        [
            row.ToString(CultureInfo.InvariantCulture),
            organisation,
            c.Date.From.Year.ToString(CultureInfo.InvariantCulture),
            c.Date.Precision is DatePrecision.Day or DatePrecision.Month ? c.Date.From.Month.ToString(CultureInfo.InvariantCulture) : "",
            named && c.Date.Precision == DatePrecision.Day ? c.Date.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
            c.Place.Region ?? "",
            named ? c.Place.Settlement ?? "" : "",
            c.Status == CaseStatus.Verified ? "verified" : "draft",
            c.Victims.Count.ToString(CultureInfo.InvariantCulture),
            c.Acts.Count.ToString(CultureInfo.InvariantCulture),
            Codes(violations),
            Codes(c.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type)),
            Codes(violations.SelectMany(v => Catalog.Default[Catalog.Violations].Find(v)?.Iccpr ?? [])),
            Codes(c.Victims.Select(v => v.SexualOrientation)),
            Codes(c.Victims.Select(v => v.GenderIdentity)),
            Codes(c.Victims.Select(v => v.GenderExpression)),
            Codes(c.Victims.Select(v => v.SexCharacteristics)),
            Codes(c.Victims.Select(v => v.TransStatus)),
            Codes(c.Victims.Select(v => v.EffectiveAgeBand)),
            Dimension.Find("reported")!.Values(new StatUnit(c, null, null)).Single(),
            Codes(c.Interventions.Select(i => i.Response)),
        ];
    }
}
