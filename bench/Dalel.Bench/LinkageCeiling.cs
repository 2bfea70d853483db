using System.Globalization;
using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Linkage;

namespace Dalel.Bench;

/// <summary>
/// How far could any scorer go, knowing the truth? On a coalition generated like the scored one (another seed), each
/// pattern of comparison is counted among matches and among all pairs; the share that were matches is the best
/// probability any scorer of that pattern could give. Scored on the benchmark's own coalition, grouped as Dalel
/// groups, at the best cut: once for Dalel's encodings (each segment's Dice in 21 levels, finer than Dalel's 8), once
/// for the plaintext compared field by field, and once more with the victims' full names in place of their initials. Upper bounds, not methods: they need the truth, and the second the plaintext.
/// </summary>
internal static partial class LinkageBench
{
    private const int Fine = 21;

    private static readonly double[] Cuts = [0.2, 0.3, 0.4, 0.5, 0.6];

    public static string Ceiling(IReadOnlyList<int> sizes, int seed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## The most any scorer could do, run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. `--linkage-ceiling`: the coalitions of \"Linkage quality by size\" (seed {seed}); each pattern's probability of being a match counted from the truth of a second coalition generated alike, then linked and grouped as Dalel does, at the best of the cuts 0.2–0.6 on the scored coalition itself. Upper bounds: they need the truth (and the second also the plaintext, which no linkage party sees).");
        text.AppendLine();
        text.AppendLine("| Incidents | Scorer | Precision | Recall | F1 |");
        text.AppendLine("|---|---|---|---|---|");
        var clk = new Clk(Enumerable.Range(0, 32).Select(i => (byte)(i * 31 + 7)).ToArray());
        foreach (var size in sizes)
        {
            var (test, index, files) = Coalition(new Random(seed + size), size, clk);
            var result = MatchEncodings.Run(files).Value;
            var dalel = Score(test, [.. result.Clusters.Select(c => new GreedyGroups.Group([.. c.Members.Select(m => index[m.Pseudonym])], c.Similarity))]);
            var (train, _, _) = Coalition(new Random(seed + size + 7_919), size, clk);
            var encoded = Encoded(train, test, clk);
            var plain = Plaintext(train, test, fullNames: false);
            var named = Plaintext(train, test, fullNames: true);
            foreach (var (name, s) in new[]
            {
                ($"Dalel: EM-learned, {FellegiSunter.Levels} levels per segment, cut from the data", dalel),
                ("Dalel's encodings, the truth's rate for each pattern of 21 Dice levels per segment", encoded),
                ("Plaintext field by field (days apart, same region, settlement, years of birth apart, initials, acts, perpetrators), the truth's rate for each pattern", plain),
                ("The same with full names in place of initials (within two edits)", named),
            })
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {name} | {s.Precision:P1} | {s.Recall:P1} | {s.F1:P1} |");
                Console.WriteLine($"{size:N0}: {name}: P {s.Precision:P1} R {s.Recall:P1} F1 {s.F1:P1}");
            }
        }

        return text.ToString();
    }

    /// <summary>The truth's rate per pattern of the encodings' segment Dice, 21 levels each (missing, then bands of 0.05).</summary>
    private static (double Precision, double Recall, double F1) Encoded(List<Truth> train, List<Truth> test, Clk clk)
    {
        var patterns = Fine * Fine * Fine * Fine;
        var (all, matches) = (new long[patterns], new long[patterns]);
        var trainBits = Encodings.Of(train, clk);
        Encodings.Each(train, (a, b) =>
        {
            var p = trainBits.Pattern(a, b);
            Interlocked.Increment(ref all[p]);
            if (train[a].Incident >= 0 && train[a].Incident == train[b].Incident)
            {
                Interlocked.Increment(ref matches[p]);
            }
        });
        var rate = Rates(all, matches);
        var testBits = Encodings.Of(test, clk);
        var candidates = new List<(int A, int B, double Probability, double Closeness)>();
        Encodings.Each(test, (a, b) =>
        {
            if (rate[testBits.Pattern(a, b)] is var p && p >= MatchEncodings.MinimumThreshold)
            {
                lock (candidates)
                {
                    candidates.Add((Math.Min(a, b), Math.Max(a, b), p, testBits.Closeness(a, b)));
                }
            }
        });
        return BestCut(test, candidates);
    }

    /// <summary>
    /// Each pattern's share of matches, shrunk toward what the segments say one by one (naive Bayes) where a pattern
    /// was seen only a few times, so a pattern seen once as a match is not taken for certain.
    /// </summary>
    private static double[] Rates(long[] all, long[] matches)
    {
        var segments = (int)Math.Round(Math.Log(all.Length) / Math.Log(Fine));
        var (total, found) = (all.Sum(), matches.Sum());
        var (segmentAll, segmentMatches) = (new double[segments, Fine], new double[segments, Fine]);
        for (var p = 0; p < all.Length; p++)
        {
            for (int s = 0, rest = p; s < segments; s++, rest /= Fine)
            {
                segmentAll[s, rest % Fine] += all[p];
                segmentMatches[s, rest % Fine] += matches[p];
            }
        }

        var rates = new double[all.Length];
        for (var p = 0; p < all.Length; p++)
        {
            var logOdds = Math.Log((double)found / (total - found));
            for (int s = 0, rest = p; s < segments; s++, rest /= Fine)
            {
                var l = rest % Fine;
                logOdds += Math.Log((segmentMatches[s, l] + 0.5) / (found + (0.5 * Fine)) / ((segmentAll[s, l] - segmentMatches[s, l] + 0.5) / (total - found + (0.5 * Fine))));
            }

            rates[p] = (matches[p] + (2 / (1 + Math.Exp(-logOdds)))) / (all[p] + 2);
        }

        return rates;
    }

    /// <summary>
    /// The truth's rate per pattern of plaintext comparisons, field by field. Only pairs dated within a week (or, when
    /// either knows only the month, within a month) are compared: copies of one incident are at most six days apart here.
    /// </summary>
    private static (double Precision, double Recall, double F1) Plaintext(List<Truth> train, List<Truth> test, bool fullNames)
    {
        // Seven date levels, then region 3, settlement 3, years of birth 5, initials 5, acts 3, perpetrators 4; padded to Fine⁴ for Rates.
        var patterns = Fine * Fine * Fine * Fine;
        var (all, matches) = (new long[patterns], new long[patterns]);
        EachNear(train, (a, b) =>
        {
            var p = PlainPattern(train[a], train[b], fullNames);
            Interlocked.Increment(ref all[p]);
            if (train[a].Incident >= 0 && train[a].Incident == train[b].Incident)
            {
                Interlocked.Increment(ref matches[p]);
            }
        });
        var rate = Rates(all, matches);
        var candidates = new List<(int A, int B, double Probability, double Closeness)>();
        EachNear(test, (a, b) =>
        {
            if (rate[PlainPattern(test[a], test[b], fullNames)] is var p && p >= MatchEncodings.MinimumThreshold)
            {
                lock (candidates)
                {
                    candidates.Add((Math.Min(a, b), Math.Max(a, b), p, 0));
                }
            }
        });
        return BestCut(test, candidates);
    }

    /// <summary>
    /// One plaintext comparison as four "segments" of at most 21 levels: when × region; birth year × initials; settlement ×
    /// acts; perpetrators. With <paramref name="fullNames"/>, the names themselves: equal initials split into names that
    /// agree (within two edits) and names that do not (a decoy's, which has none, counts as
    /// another name: generous to the scorer), and the names moved beside the perpetrators so the levels fit.
    /// </summary>
    private static int PlainPattern(Truth x, Truth y, bool fullNames)
    {
        var (a, b) = (x.Record, y.Record);
        var days = Math.Abs(a.Date.DayNumber - b.Date.DayNumber);
        var when = a.Precision == DatePrecision.Day && b.Precision == DatePrecision.Day ? Math.Min(days, 4) : a.Date.Month == b.Date.Month ? 5 : 6;
        static int Same(string? x, string? y) => x is null || y is null ? 0 : x == y ? 1 : 2;
        var born = a.BirthYear is null || b.BirthYear is null ? 0 : Math.Min(Math.Abs(a.BirthYear.Value - b.BirthYear.Value), 3) + 1;
        var initials = a.Initials.Length == 0 || b.Initials.Length == 0 ? 0 : a.Initials == b.Initials ? 1 : a.Initials[0] == b.Initials[0] ? 2 : 3;
        var acts = a.Acts.SequenceEqual(b.Acts) ? 0 : a.Acts.Intersect(b.Acts).Any() ? 1 : 2;
        var perpetrators = a.Perpetrators.Count == 0 || b.Perpetrators.Count == 0 ? 0 : a.Perpetrators.SequenceEqual(b.Perpetrators) ? 1 : a.Perpetrators.Intersect(b.Perpetrators).Any() ? 2 : 3;
        if (fullNames)
        {
            var name = initials == 1 ? (x.Name is { } nx && y.Name is { } ny && SameName(nx, ny) ? 1 : 4) : initials;
            return ((when * 3) + Same(a.Region, b.Region)) + (Fine * born) + (Fine * Fine * ((Same(a.Settlement, b.Settlement) * 3) + acts)) + (Fine * Fine * Fine * ((perpetrators * 5) + name));
        }

        return ((when * 3) + Same(a.Region, b.Region)) + (Fine * ((born * 4) + initials)) + (Fine * Fine * ((Same(a.Settlement, b.Settlement) * 3) + acts)) + (Fine * Fine * Fine * perpetrators);
    }

    /// <summary>
    /// Two copies of a name agree within two edits, letters swapped counting as one (the generator's typo is one edit, made
    /// before or after transliteration, and one Cyrillic letter can be two Latin ones).
    /// </summary>
    private static bool SameName(string x, string y)
    {
        if (Math.Abs(x.Length - y.Length) > 2)
        {
            return false;
        }

        var d = new int[x.Length + 1, y.Length + 1];
        for (var i = 0; i <= x.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= y.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= x.Length; i++)
        {
            for (var j = 1; j <= y.Length; j++)
            {
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (x[i - 1] == y[j - 1] ? 0 : 1));
                if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[x.Length, y.Length] <= 2;
    }

    private static void EachNear(List<Truth> records, Action<int, int> visit)
    {
        static bool Near(QuasiIdentifiers a, QuasiIdentifiers b) =>
            a.Precision == DatePrecision.Day && b.Precision == DatePrecision.Day
                ? Math.Abs(a.Date.DayNumber - b.Date.DayNumber) <= 7
                : Math.Abs((a.Date.Year * 12) + a.Date.Month - (b.Date.Year * 12) - b.Date.Month) <= 1;
        foreach (var year in Enumerable.Range(0, records.Count).GroupBy(i => records[i].Record.Year))
        {
            var lists = year.GroupBy(i => records[i].List).OrderBy(g => g.Key).Select(g => g.OrderBy(i => records[i].Record.Date.DayNumber).ToArray()).ToArray();
            for (var x = 0; x < lists.Length; x++)
            {
                for (var y = x + 1; y < lists.Length; y++)
                {
                    var (left, right) = (lists[x], lists[y]);
                    var days = right.Select(i => records[i].Record.Date.DayNumber).ToArray();
                    Parallel.For(0, left.Length, a =>
                    {
                        var record = records[left[a]].Record;
                        var from = Array.BinarySearch(days, record.Date.DayNumber - 62);
                        for (var j = from < 0 ? ~from : from; j < right.Length && days[j] <= record.Date.DayNumber + 62; j++)
                        {
                            if (Near(record, records[right[j]].Record))
                            {
                                visit(left[a], right[j]);
                            }
                        }
                    });
                }
            }
        }
    }

    private static (double Precision, double Recall, double F1) BestCut(List<Truth> records, List<(int A, int B, double Probability, double Closeness)> candidates) =>
        Cuts.Select(cut =>
        {
            var kept = candidates.Where(c => c.Probability >= cut).ToList();
            return Score(records, GreedyGroups.FromCandidates(records.Count, i => records[i].List, [.. kept.Select(c => (c.A, c.B, c.Probability))], [.. kept.Select(c => c.Closeness)]));
        }).MaxBy(s => s.F1);

    /// <summary>A coalition's encodings in one flat array, compared within year and across lists as `dalel linkage match` compares them.</summary>
    private sealed class Encodings(ulong[] flat, int[] counts)
    {
        private const int Words = Clk.Segments * Clk.SegmentWords;

        public static Encodings Of(List<Truth> records, Clk clk)
        {
            var flat = new ulong[records.Count * Words];
            var counts = new int[records.Count * Clk.Segments];
            Parallel.For(0, records.Count, i =>
            {
                var bits = clk.EncodeFields(records[i].Record);
                bits.CopyTo(flat, i * Words);
                for (var s = 0; s < Clk.Segments; s++)
                {
                    counts[(i * Clk.Segments) + s] = Clk.Count(bits.AsSpan(s * Clk.SegmentWords, Clk.SegmentWords));
                }
            });
            return new Encodings(flat, counts);
        }

        private double Dice(int a, int b, int s)
        {
            var (ca, cb) = (counts[(a * Clk.Segments) + s], counts[(b * Clk.Segments) + s]);
            return ca == 0 || cb == 0 ? -1 : 2.0 * SegmentDice.CommonSegment(flat, (a * Words) + (s * Clk.SegmentWords), (b * Words) + (s * Clk.SegmentWords)) / (ca + cb);
        }

        public int Pattern(int a, int b)
        {
            var pattern = 0;
            for (int s = 0, scale = 1; s < Clk.Segments; s++, scale *= Fine)
            {
                var dice = Dice(a, b, s);
                pattern += (dice < 0 ? 0 : 1 + Math.Min(Fine - 2, (int)(dice * (Fine - 1)))) * scale;
            }

            return pattern;
        }

        public double Closeness(int a, int b) => Enumerable.Range(0, Clk.Segments).Sum(s => Math.Max(0, Dice(a, b, s)));

        public static void Each(List<Truth> records, Action<int, int> visit)
        {
            foreach (var year in Enumerable.Range(0, records.Count).GroupBy(i => records[i].Record.Year))
            {
                var lists = year.GroupBy(i => records[i].List).OrderBy(g => g.Key).Select(g => g.ToArray()).ToArray();
                for (var x = 0; x < lists.Length; x++)
                {
                    for (var y = x + 1; y < lists.Length; y++)
                    {
                        var (left, right) = (lists[x], lists[y]);
                        Parallel.For(0, left.Length, a =>
                        {
                            foreach (var b in right)
                            {
                                visit(left[a], b);
                            }
                        });
                    }
                }
            }
        }
    }
}
