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
/// published figures promise never to reveal; coalition members use the perturbed tables. Rows are built a batch
/// at a time on every core and written in order; memory holds a reference and a group number per case, the groups'
/// keys while the level is chosen, and one batch of rows.
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
        // Cases are read into records a batch at a time in each pass, never all at once (see StoredCase).
        var all = open.Cases.ToList();
        var (consented, level, groupOf, small) = ChooseLevel(all);
        var blanked = Blanked[level].Select(c => Array.IndexOf(Header, c)).ToArray();

        using var csv = Transfer.CsvOutput.Open(output);
        csv.WriteRecord(Header);
        var row = 0;
        // Rows are built a batch at a time on the other cores while the previous batch is written, in order; two
        // batches are the memory the export holds.
        string[][] Build(int start)
        {
            var count = Math.Min(Batch, consented.Count - start);
            var lines = new string[count][];
            Parallel.For(0, count, i => lines[i] = small[groupOf[start + i]] ? null! : Line(0, organisation, consented[start + i].Facts));
            return lines;
        }

        var next = consented.Count > 0 ? Task.Run(() => Build(0)) : null;
        for (var start = 0; next is not null; start += Batch)
        {
            var lines = next.GetAwaiter().GetResult();
            next = start + Batch < consented.Count ? Task.Run(() => Build(start + Batch)) : null;
            foreach (var line in lines)
            {
                if (line is null)
                {
                    continue;
                }

                Coarsen(line, blanked);
                line[0] = (++row).ToString(CultureInfo.InvariantCulture);
                csv.WriteRecord(line);
            }

            csv.Flush();
            progress?.Invoke(row);
        }

        csv.Flush();
        progress?.Invoke(row);
        return new DeidentifiedExport(row, all.Count - consented.Count, consented.Count - row, level);
    }

    /// <summary>Rows built at once before they are written.</summary>
    private const int Batch = 8_192;

    /// <summary>
    /// The cases whose every victim consented, the least coarsening that leaves out at most 5% of their rows, each one's
    /// group at it (a number), and which groups are too small. One pass reads each case once and finds its group at
    /// every level at once.
    /// </summary>
    private static (List<StoredCase> Consented, int Level, int[] GroupOf, bool[] Small) ChooseLevel(List<StoredCase> all)
    {
        var levels = Blanked.Length;
        var ids = Enumerable.Range(0, levels).Select(_ => new Dictionary<GroupKey, int>()).ToArray();
        var sizes = Enumerable.Range(0, levels).Select(_ => new List<int>()).ToArray();
        var groupOf = Enumerable.Range(0, levels).Select(_ => new List<int>(all.Count)).ToArray();
        var cases = new List<StoredCase>(all.Count);
        // Keys are built on every core a batch at a time; only each group's key is kept, as a number per case and level.
        var keys = new GroupKey[Batch][];
        for (var start = 0; start < all.Count; start += Batch)
        {
            var count = Math.Min(Batch, all.Count - start);
            Parallel.For(0, count, i => keys[i] = all[start + i].Facts is var record && ComputeStatistics.Consented(record) ? Groups(record) : null!);
            for (var i = 0; i < count; i++)
            {
                if (keys[i] is null)
                {
                    continue;
                }

                cases.Add(all[start + i]);
                for (var level = 0; level < levels; level++)
                {
                    ref var id = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(ids[level], keys[i][level], out var known);
                    if (!known)
                    {
                        id = sizes[level].Count;
                        sizes[level].Add(0);
                    }

                    sizes[level][id]++;
                    groupOf[level].Add(id);
                }
            }
        }

        for (var level = 0; level < levels; level++)
        {
            var leftOut = sizes[level].Where(n => n < K).Sum();
            if (leftOut <= MostLeftOut * cases.Count || level == levels - 1)
            {
                return (cases, level, groupOf[level].ToArray(), sizes[level].Select(n => n < K).ToArray());
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
    /// A case's group at each level of coarsening: the quasi-identifiers the file will show for it (one organisation per
    /// file, so it is not among them), as a value compared field by field — each set of codes as a bit mask over its
    /// vocabulary — so two groups can never be taken for one. A code outside the vocabularies (none is accepted today)
    /// keeps the exact text instead.
    /// </summary>
    internal static GroupKey[] Groups(CaseRecord c)
    {
        var v = c.Victims;
        ulong orientation = 0, identity = 0, expression = 0, characteristics = 0, trans = 0, age = 0;
        string? other = null;
        foreach (var x in v)
        {
            other = Mark(ref orientation, Catalog.SexualOrientation, x.SexualOrientation) ?? other;
            other = Mark(ref identity, Catalog.GenderIdentity, x.GenderIdentity) ?? other;
            other = Mark(ref expression, Catalog.GenderExpression, x.GenderExpression) ?? other;
            other = Mark(ref characteristics, Catalog.SexCharacteristics, x.SexCharacteristics) ?? other;
            other = Mark(ref trans, Catalog.TransStatus, x.TransStatus) ?? other;
            other = Mark(ref age, Catalog.AgeBands, x.EffectiveAgeBand) ?? other;
        }

        if (other is not null)
        {
            // The exact text of everything, as the file would show it.
            other = string.Join('\u001f', Codes(v, static x => x.SexualOrientation), Codes(v, static x => x.GenderIdentity), Codes(v, static x => x.GenderExpression),
                Codes(v, static x => x.SexCharacteristics), Codes(v, static x => x.TransStatus), Codes(v, static x => x.EffectiveAgeBand));
        }

        var year = new GroupKey(c.Date.From.Year, 0, null, v.Count, orientation, identity, expression, characteristics, trans, age, other);
        var noMonth = year with { Region = c.Place.Region ?? "" };
        var month = c.Date.Precision is DatePrecision.Day or DatePrecision.Month ? c.Date.From.Month : 0;
        return [noMonth with { Month = month }, noMonth, year, new GroupKey(c.Date.From.Year, 0, null, 0, 0, 0, 0, 0, 0, 0, null)];
    }

    /// <summary>Sets the code's bit; returns the code when it has none (not in the vocabulary).</summary>
    private static string? Mark(ref ulong mask, string vocabulary, string? code)
    {
        if (code is null)
        {
            return null;
        }

        if (Bits[vocabulary].TryGetValue(code, out var bit))
        {
            mask |= 1UL << bit;
            return null;
        }

        return code;
    }

    /// <summary>Each quasi-identifying vocabulary's codes and their bit (the first 64 terms; the vocabularies hold under ten).</summary>
    private static readonly Dictionary<string, Dictionary<string, int>> Bits =
        new[] { Catalog.SexualOrientation, Catalog.GenderIdentity, Catalog.GenderExpression, Catalog.SexCharacteristics, Catalog.TransStatus, Catalog.AgeBands }
            .ToDictionary(name => name, name => Catalog.Default[name].Terms.Take(64).Select((t, i) => (t.Code, i)).ToDictionary(x => x.Code, x => x.i, StringComparer.Ordinal));

    /// <summary>A group of the file: year, month (0 when not shown), region (null when not shown) and the people's codes.</summary>
    internal readonly record struct GroupKey(int Year, int Month, string? Region, int Victims,
        ulong Orientation, ulong Identity, ulong Expression, ulong Characteristics, ulong Trans, ulong Age, string? Other);

    [ThreadStatic]
    private static List<string>? CodeBuffer;

    /// <summary>ICCPR articles of each violation, looked up once per export run rather than per row.</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> IccprOf =
        Catalog.Default[Catalog.Violations].Terms.ToDictionary(t => t.Code, t => t.Iccpr, StringComparer.Ordinal);

    internal static string[] Line(int row, string organisation, CaseRecord c)
    {
        // Loops into one reused buffer, not LINQ or lists: this runs once per row of files of a million rows.
        var victims = c.Victims;
        var named = victims.Count > 0;
        foreach (var v in victims)
        {
            named &= v.Allows("named_publication");
        }

        var codes = Start();
        foreach (var act in c.Acts)
        {
            foreach (var violation in act.Violations)
            {
                Add(codes, violation);
            }
        }

        var violations = Joined(codes);
        foreach (var act in c.Acts)
        {
            foreach (var violation in act.Violations)
            {
                if (IccprOf.TryGetValue(violation, out var iccpr))
                {
                    foreach (var article in iccpr)
                    {
                        Add(codes, article);
                    }
                }
            }
        }

        var articles = Joined(codes);
        foreach (var act in c.Acts)
        {
            foreach (var p in act.Perpetrators)
            {
                Add(codes, p.Type);
            }
        }

        var perpetrators = Joined(codes);
        foreach (var intervention in c.Interventions)
        {
            Add(codes, intervention.Response);
        }

        var responses = Joined(codes);
        var dated = c.Date.Precision is DatePrecision.Day or DatePrecision.Month;
        return
        [
            Number(row),
            organisation,
            Number(c.Date.From.Year),
            dated ? Number(c.Date.From.Month) : "",
            named && c.Date.Precision == DatePrecision.Day ? c.Date.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
            c.Place.Region ?? "",
            named ? c.Place.Settlement ?? "" : "",
            c.Status == CaseStatus.Verified ? "verified" : "draft",
            Number(victims.Count),
            Number(c.Acts.Count),
            violations,
            perpetrators,
            articles,
            Codes(victims, static v => v.SexualOrientation),
            Codes(victims, static v => v.GenderIdentity),
            Codes(victims, static v => v.GenderExpression),
            Codes(victims, static v => v.SexCharacteristics),
            Codes(victims, static v => v.TransStatus),
            Codes(victims, static v => v.EffectiveAgeBand),
            Dimension.Reported(c) ? "yes" : "no",
            responses,
        ];
    }

    private static string Codes(IReadOnlyList<Victim> victims, Func<Victim, string?> field)
    {
        var codes = Start();
        foreach (var v in victims)
        {
            Add(codes, field(v));
        }

        return Joined(codes);
    }

    private static List<string> Start()
    {
        var buffer = CodeBuffer ??= new List<string>(16);
        buffer.Clear();
        return buffer;
    }

    private static void Add(List<string> codes, string? code)
    {
        if (code is not null && !codes.Contains(code))
        {
            codes.Add(code);
        }
    }

    /// <summary>The buffer's codes sorted and joined with ';' (the same string back when there is one); the buffer is emptied.</summary>
    private static string Joined(List<string> codes)
    {
        var joined = codes.Count switch
        {
            0 => "",
            1 => codes[0],
            _ => SortedJoin(codes),
        };
        codes.Clear();
        return joined;
    }

    private static string SortedJoin(List<string> codes)
    {
        codes.Sort(StringComparer.Ordinal);
        return string.Join(';', codes);
    }

    /// <summary>Small numbers as text without a new string each time (years, months, counts).</summary>
    private static string Number(int n) => (uint)n < (uint)SmallNumbers.Length ? SmallNumbers[n] : n.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 2200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
}
