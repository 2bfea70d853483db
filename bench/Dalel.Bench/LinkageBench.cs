using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Linkage;

namespace Dalel.Bench;

/// <summary>
/// Linkage on synthetic lists with known truth (a FEBRL-style generator: typos, shifted dates, Cyrillic/Latin,
/// missing fields), the same linkage on plaintext, two attacks on the encodings, and Dice throughput.
/// </summary>
internal static partial class LinkageBench
{
    private static readonly string[] First = ["Айгерим", "Данияр", "Асель", "Ерлан", "Мадина", "Нурлан", "Дина", "Арман", "Жанна", "Тимур", "Алия", "Руслан", "Сабина", "Бекзат", "Ольга", "Сергей", "Анна", "Максим", "Камила", "Ильяс"];
    private static readonly string[] Last = ["Нурланова", "Сейткали", "Ахметов", "Касымова", "Иванов", "Петрова", "Омаров", "Жумабаева", "Ким", "Смагулов", "Абдуллина", "Беков", "Тулегенова", "Ли", "Сидоров"];
    private static readonly string[] Regions = ["almaty_city", "almaty_city", "almaty_city", "astana", "astana", "shymkent", "karaganda", "east_kazakhstan", "pavlodar", "aktobe", "atyrau", "kostanay"];
    private static readonly string[] Violations = ["fake_dating", "extortion_blackmail", "police_violence", "physical_assault", "threats", "threat_of_outing", "arbitrary_detention", "discrimination_employment", "hate_speech_media", "raid"];
    private static readonly string[] Perpetrators = ["police", "organised_group", "private_individual", "family_member", "employer"];

    private sealed record Truth(int Incident, int List, QuasiIdentifiers Record)
    {
        /// <summary>The victim's name as this copy wrote it, transliterated (null when the copy has none, and for decoys): for the ceiling only.</summary>
        public string? Name { get; init; }
    }

    /// <summary>Records per list in the end-to-end run (--scale).</summary>
    public static int ScaleSize { get; set; } = 100_000;

    public static string Run(int incidents, int seed)
    {
        var random = new Random(seed);
        var real = Generate(random, incidents, [0.5, 0.4, 0.3]);
        // Decoys as Dalel makes them: a quarter of each list again, each field from a different real record of that list.
        var records = real.Concat(real.GroupBy(r => r.List).SelectMany(list =>
        {
            var q = list.Select(r => r.Record).ToList();
            return Decoys.From(q, q.Count / 4).Select((d, i) => new Truth(-1 - (list.Key * 1_000_000) - i, list.Key, d));
        })).ToList();
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 31 + 7)).ToArray();
        var clk = new Clk(secret);
        var hardened = records.Select(r => clk.Encode(r.Record, salt: true, balance: true)).ToList();
        var plain = records.Select(r => clk.Encode(r.Record, harden: false)).ToList();
        var salted = records.Select(r => clk.Encode(r.Record)).ToList();
        var saltedCounts = salted.Select(b => Clk.Count(b)).ToList();
        var tokens = records.Select(r => r.Record.Tokens().Select(t => t.Field + ":" + t.Token).ToHashSet(StringComparer.Ordinal)).ToList();
        var counts = hardened.Select(b => Clk.Count(b)).ToList();
        var plainCounts = plain.Select(b => Clk.Count(b)).ToList();

        double Encoded(int a, int b) => Clk.Dice(hardened[a], hardened[b], counts[a], counts[b]);
        double Unhardened(int a, int b) => Clk.Dice(plain[a], plain[b], plainCounts[a], plainCounts[b]);
        double Salted(int a, int b) => Clk.Dice(salted[a], salted[b], saltedCounts[a], saltedCounts[b]);
        double Clear(int a, int b) => 2.0 * tokens[a].Count(tokens[b].Contains) / (tokens[a].Count + tokens[b].Count);

        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Linkage run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Synthetic data: {incidents:N0} incidents 2022–2025, documented by three lists with probabilities 0.5, 0.4, 0.3 ({records.Count:N0} records); each copy independently gets a typo in the name (20%), the name in Latin instead of Cyrillic (40%), no name at all (30%), a date 1–3 days off (25%) or only the month (10%), an age a year off (20%) or none (15%), no region (5%), no settlement (50%), one violation more or less (30%), no perpetrator (10%). Seed {seed}.");
        text.AppendLine();
        text.AppendLine("### Linkage quality (pairs of records of the same incident)");
        text.AppendLine();
        text.AppendLine("| Method | Threshold | Precision | Recall | F1 |");
        text.AppendLine("|---|---|---|---|---|");
        var realOnly = Enumerable.Range(0, records.Count).Where(i => records[i].Incident >= 0).ToList();
        var all = Enumerable.Range(0, records.Count).ToList();
        foreach (var (name, similarity, thresholds, subset) in new (string, Func<int, int, double>, double[], List<int>)[]
        {
            ("Plaintext (Dice on the same tokens)", Clear, [0.5, 0.55, 0.6, 0.65, 0.7, 0.75], realOnly),
            ("CLK without hardening (1,024 bits)", Unhardened, [0.5, 0.55, 0.6, 0.65, 0.7, 0.75], realOnly),
            ("CLK salted by incident year, with decoys — Dalel", Salted, [0.5, 0.55, 0.6, 0.65, 0.7, 0.75], all),
            ("CLK salted and balanced (2,048 bits)", Encoded, [0.88, 0.9, 0.92, 0.93, 0.94, 0.95], realOnly),
        })
        {
            var best = thresholds.Select(t => (t, Score(subset.Select(i => records[i]).ToList(), GreedyGroups.Run(subset.Count, i => records[subset[i]].List, i => records[subset[i]].Record.Year, (a, b) => similarity(subset[a], subset[b]), t)))).MaxBy(x => x.Item2.F1);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {best.t:0.00} (best of {string.Join(", ", thresholds.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture)))}) | {best.Item2.Precision:P1} | {best.Item2.Recall:P1} | {best.Item2.F1:P1} |");
            Console.WriteLine($"{name}: {best.t} P {best.Item2.Precision:P1} R {best.Item2.Recall:P1} F1 {best.Item2.F1:P1}");
        }

        text.AppendLine();
        text.AppendLine("### Attacks on one list's encodings, the attacker knowing the plaintext of every record in it");
        text.AppendLine();
        text.AppendLine("| Encoding | Frequency alignment | Bit-column patterns | Similarity-graph matching |");
        text.AppendLine("|---|---|---|---|");
        var list0 = Enumerable.Range(0, records.Count).Where(i => records[i].List == 0 && records[i].Incident >= 0).Take(1_200).ToList();
        var decoys0 = Enumerable.Range(0, records.Count).Where(i => records[i].List == 0 && records[i].Incident < 0).Take(300).ToList();
        foreach (var (name, bits, bitCounts, decoys) in new[] { ("CLK without hardening", plain, plainCounts, new List<int>()), ("CLK salted by incident year", salted, saltedCounts, new List<int>()), ("CLK salted, with decoys — Dalel", salted, saltedCounts, decoys0), ("CLK salted and balanced", hardened, counts, new List<int>()) })
        {
            var frequency = Attacks.Frequency(list0.Select(i => MatchEncodings.Encode(bits[i])).ToList(), list0.Select(i => string.Join("|", tokens[i].Order(StringComparer.Ordinal))).ToList());
            var graph = Attacks.Graph(list0, decoys, (a, b) => Clk.Dice(bits[a], bits[b], bitCounts[a], bitCounts[b]), Clear);
            // The year is in clear (the blocking key), so the attacker works year by year; each year is salted differently.
            var byYear = list0.GroupBy(i => records[i].Record.Year).ToList();
            var columns = byYear.Sum(g => Attacks.Columns(g.Select(i => bits[i]).ToList(), g.Select(i => tokens[i]).ToList()) * g.Count()) / list0.Count;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {name} | {frequency:P1} | {columns:P1} | {graph:P1} |");
            Console.WriteLine($"{name}: frequency {frequency:P1}, columns {columns:P1}, graph {graph:P1}");
        }

        text.AppendLine();
        text.AppendLine("### Speed");
        text.AppendLine();
        text.AppendLine(Speed(random));
        text.AppendLine(Scale(random, secret));
        return text.ToString();
    }

    /// <summary>
    /// Dalel's linkage end to end, as `dalel linkage match` runs it (field-level encodings with decoys, EM-learned
    /// weights, cut chosen from the data), at several sizes, against the record-level CLK at its fixed Dice threshold of 0.6.
    /// </summary>
    public static string Quality(IReadOnlyList<int> sizes, int seed)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{Heading}, run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. The same generator as below (three lists covering 50, 40 and 30% of incidents, 2022–2025, noisy copies), decoys in every file, seed {seed}. Pairs of records of the same incident; decoys count as wrong when linked.{(AgeBands ? " **Variant (`--age-bands`)**: the 15% of copies with no exact age carry the victim's age band instead (as organisations that record only bands, and redacted cases, do); everything else, seeds included, as in \"Linkage quality by size\"." : "")}{(MultiVictims ? $" **Variant (`--victims`{(FirstVictimOnly ? " --first-victim" : "")})**: 15% of incidents have two or three victims; each organisation knows each of them with probability 0.7 (at least one) and lists them in an order of its own, each with the single victim's copy noise; {(FirstVictimOnly ? "only the first victim each copy lists is encoded, as until 2026-12-01" : "every victim's year of birth and initials are encoded")}." : "")}{(NameOrder ? " **Variant (`--name-order`)**: 40% of the copies with a name write the surname first, as documents do, half of those with a patronymic." : "")}");
        text.AppendLine();
        text.AppendLine("| Incidents | Records | Method | Precision | Recall | F1 | Pairs compared | Time |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 31 + 7)).ToArray();
        var clk = new Clk(secret);
        var attack = "";
        foreach (var size in sizes)
        {
            // Dalel: encoding files as organisations would send them, matched as `dalel linkage match` does.
            var (records, index, files) = Coalition(new Random(seed + size), size, clk);
            var watch = Stopwatch.StartNew();
            var result = MatchEncodings.Run(files).Value;
            var seconds = watch.Elapsed.TotalSeconds;
            var groups = result.Clusters.Select(c => new GreedyGroups.Group(c.Members.Select(m => index[m.Pseudonym]).ToList(), c.Similarity)).ToList();
            var dalel = Score(records, groups);
            var model = result.Model!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {records.Count:N0} | Field-level, EM-learned weights, probability ≥ {result.Threshold:0.000} chosen from the data — Dalel (the model expects P {model.AtCut!.Precision:P1}, R {model.AtCut.Recall:P1} of pairs before grouping) | {dalel.Precision:P1} | {dalel.Recall:P1} | {dalel.F1:P1} | {model.Comparisons:N0} | {seconds:F1} s ({model.Comparisons / model.Seconds / 1e6:N0} M pairs/s, two passes) |");
            Console.WriteLine($"{size:N0}: cut {result.Threshold:F3} field-level P {dalel.Precision:P1} R {dalel.Recall:P1} F1 {dalel.F1:P1} in {seconds:F1} s; EM {model.Iterations} iterations, share {model.MatchShare:E2}; model expects P {model.AtCut!.Precision:P1} R {model.AtCut.Recall:P1}");

            // The same with LSH blocking: how many pairs it compares, how many of the pairs linked above it keeps, what it costs in F1.
            watch.Restart();
            var blocked = MatchEncodings.Run(files, blocking: true).Value;
            var blockedSeconds = watch.Elapsed.TotalSeconds;
            var withBlocking = Score(records, [.. blocked.Clusters.Select(c => new GreedyGroups.Group([.. c.Members.Select(m => index[m.Pseudonym])], c.Similarity))]);
            static HashSet<(Guid, Guid)> Linked(LinkageResult r) => [.. r.Pairs.Where(p => p.Probability >= r.Threshold).Select(p => p.A.Pseudonym.CompareTo(p.B.Pseudonym) < 0 ? (p.A.Pseudonym, p.B.Pseudonym) : (p.B.Pseudonym, p.A.Pseudonym))];
            var fullLinks = Linked(result);
            var blockedPairs = blocked.Pairs.Select(p => p.A.Pseudonym.CompareTo(p.B.Pseudonym) < 0 ? (p.A.Pseudonym, p.B.Pseudonym) : (p.B.Pseudonym, p.A.Pseudonym)).ToHashSet();
            var kept = fullLinks.Count == 0 ? 1 : (double)fullLinks.Count(blockedPairs.Contains) / fullLinks.Count;
            var blocking = blocked.Model!.Blocking!;
            text.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {records.Count:N0} | The same with MinHash LSH blocking (`--blocking lsh`), probability ≥ {blocked.Threshold:0.000}: {kept:P2} of the pairs linked above compared; the model expects {blocking.ExpectedMatchesLeftOut:N0} matches among the pairs left out | {withBlocking.Precision:P1} | {withBlocking.Recall:P1} | {withBlocking.F1:P1} | {blocking.Compared:N0} ({(double)blocking.Compared / blocked.Model.Comparisons:P1}, a 1-in-{blocking.SampleEvery} sample of the rest included) | {blockedSeconds:F1} s |");
            Console.WriteLine($"{size:N0}: LSH blocking P {withBlocking.Precision:P1} R {withBlocking.Recall:P1} F1 {withBlocking.F1:P1}, compared {blocking.Compared:N0} of {blocked.Model.Comparisons:N0}, kept {kept:P2} of linked, left out {blocking.ExpectedMatchesLeftOut:N0} expected matches, {blockedSeconds:F1} s");

            if (size <= 20_000)
            {
                // The chosen cut against fixed ones on the same files: how much the choice from the data costs or saves.
                foreach (var fixedCut in new[] { 0.1, 0.25, 0.5, 0.75 })
                {
                    var other = MatchEncodings.Run(files, fixedCut).Value;
                    var scored = Score(records, other.Clusters.Select(c => new GreedyGroups.Group(c.Members.Select(m => index[m.Pseudonym]).ToList(), c.Similarity)).ToList());
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {records.Count:N0} | The same, probability ≥ {fixedCut:0.00} fixed | {scored.Precision:P1} | {scored.Recall:P1} | {scored.F1:P1} | | |");
                    Console.WriteLine($"{size:N0}: fixed {fixedCut} P {scored.Precision:P1} R {scored.Recall:P1} F1 {scored.F1:P1}");
                }
            }

            if (size == sizes.Where(x => x <= 20_000).DefaultIfEmpty(sizes.Min()).Max())
            {
                // The attacker holds one list's file and the plaintext of every real record in it.
                var list0 = Enumerable.Range(0, records.Count).Where(i => records[i].List == 0).OrderBy(i => records[i].Incident < 0 ? 1 : 0).ToList();
                var known = list0.Where(i => records[i].Incident >= 0).ToList();
                var year = records[known[0]].Record.Year;
                var sameYear = list0.Where(i => records[i].Record.Year == year).ToList();
                var encodedSegments = sameYear.Select(i =>
                {
                    var bits = clk.EncodeFields(records[i].Record);
                    return Enumerable.Range(0, Clk.Segments).Select(s => Convert.ToBase64String(System.Runtime.InteropServices.MemoryMarshal.AsBytes(bits.AsSpan(s * Clk.SegmentWords, Clk.SegmentWords)))).ToArray();
                }).ToList();
                var plainSegments = sameYear.Where(i => records[i].Incident >= 0).Select(i => Enumerable.Range(0, Clk.Segments)
                    .Select(s => string.Join("|", records[i].Record.Tokens().Where(t => Clk.Segment(t.Field) == s).Select(t => t.Field + ":" + t.Token).Order(StringComparer.Ordinal))).ToArray()).ToList();
                var (inferred, reidentified) = Attacks.Segments(encodedSegments, plainSegments);
                attack = $"Segment-by-segment frequency alignment on list 1's encodings of {year} ({plainSegments.Count:N0} records and their decoys), the attacker knowing every real record's plaintext: values inferred per segment (when; year of birth; initials; what and where) {string.Join(", ", inferred.Select(x => x.ToString("P1", CultureInfo.InvariantCulture)))}; records re-identified outright {reidentified:P1}.";
                Console.WriteLine(attack);
            }

            if (size <= 20_000)
            {
                // The earlier record-level CLK at its fixed threshold, on the same records.
                var whole = records.AsParallel().AsOrdered().Select(r => clk.Encode(r.Record)).ToList();
                var counts = whole.Select(b => Clk.Count(b)).ToList();
                watch.Restart();
                var old = GreedyGroups.Run(records.Count, i => records[i].List, i => records[i].Record.Year, (a, b) => Clk.Dice(whole[a], whole[b], counts[a], counts[b]), 0.6);
                var before = Score(records, old);
                text.AppendLine(CultureInfo.InvariantCulture, $"| {size:N0} | {records.Count:N0} | Record-level CLK, Dice ≥ 0.6 (until 2026-11-30) | {before.Precision:P1} | {before.Recall:P1} | {before.F1:P1} | | {watch.Elapsed.TotalSeconds:F1} s |");
                Console.WriteLine($"{size:N0}: record-level P {before.Precision:P1} R {before.Recall:P1} F1 {before.F1:P1}");
            }
        }

        text.AppendLine();
        text.AppendLine(attack);
        text.AppendLine();
        text.AppendLine(Speed(new Random(seed)));
        return text.ToString();
    }

    /// <summary>
    /// Does the estimate from linked lists cover the true total? For generated coalitions of known size: linked as
    /// `dalel linkage match` does, then model averaging on the one linkage's table, on tables drawn from the pairs'
    /// probabilities (linkage error carried into the interval), and on the true table.
    /// </summary>
    public static string Coverage(int incidents, int coalitions, int samples, int seed, bool blocking = false)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Estimates from linked lists against the truth{(blocking ? ", with LSH blocking" : "")}, run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. {coalitions} generated coalitions of {incidents:N0} incidents each (the generator above; lists independent given the incident, so the estimators are right on the true table), linked as `dalel linkage match` does, estimated by model averaging (dga's defaults). \"With linkage error\": {samples} tables drawn as `dalel linkage estimate` draws them (list sizes exact; incidents shared by each pair of lists from the pairs' probabilities, the model's expected matches below the kept minimum and its bootstrap replicates; incidents on all three lists from Gibbs-sampled linkages, scaled up by how often such a linkage keeps a group of three whole, between two bounds), posteriors pooled. Seeds {seed}–{seed + coalitions - 1}.");
        text.AppendLine();
        text.AppendLine("| Coalition | Documented | True table: median (95%) | One linkage: median (95%) | With linkage error: median (95%) | Documented, drawn tables (median) | Shared by two lists: truth / one linkage / model | On all three: truth / one linkage / drawn (mean) | Tables resting on the saturated model |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|");
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 31 + 7)).ToArray();
        var clk = new Clk(secret);
        var lists = new[] { "A", "B", "C" };
        int truthCovered = 0, pointCovered = 0, awareCovered = 0;
        for (var c = 0; c < coalitions; c++)
        {
            var (records, index, files) = Coalition(new Random(seed + c), incidents, clk);
            var result = MatchEncodings.Run(files, blocking: blocking).Value;
            var listOf = records.Select(r => r.List).ToList();
            var counted = records.Select(r => r.Incident >= 0).ToList();
            var point = SampleLinkages.Table(lists, listOf, counted, result.Clusters.Select(k => (IReadOnlyList<int>)k.Members.Select(m => index[m.Pseudonym]).ToList()));
            var pairs = result.Pairs.Select(p => (Math.Min(index[p.A.Pseudonym], index[p.B.Pseudonym]), Math.Max(index[p.A.Pseudonym], index[p.B.Pseudonym]), p.Probability)).ToList();
            var model = SampleLinkages.ModelMatchesOf(result.Model, pairs.Select(p => (listOf[p.Item1], listOf[p.Item2], p.Probability, false)));
            var drawn = SampleLinkages.Run(lists, listOf, counted, pairs, model, samples, seed + c);
            var aware = Dalel.Core.Estimation.EstimateWithLinkageError.Run(point, drawn);
            var truthTable = SampleLinkages.Table(lists, listOf, counted, Enumerable.Range(0, records.Count).Where(i => counted[i]).GroupBy(i => records[i].Incident).Select(g => (IReadOnlyList<int>)g.ToList()));
            var truth = Dalel.Core.Estimation.AverageModels.Run(truthTable);
            bool Covers(double lower, double upper) => lower <= incidents && incidents <= upper;
            truthCovered += Covers(truth.Lower, truth.Upper) ? 1 : 0;
            pointCovered += Covers(aware.Point.Lower, aware.Point.Upper) ? 1 : 0;
            awareCovered += Covers(aware.Lower, aware.Upper) ? 1 : 0;
            string F(double median, double lower, double upper) => string.Create(CultureInfo.InvariantCulture, $"{median:N0} ({lower:N0}–{upper:N0}){(Covers(lower, upper) ? "" : " ✗")}");
            long Shared(Dalel.Core.Estimation.ListOverlaps t, int lists2) => t.Counts.Where((_, h) => (h & lists2) == lists2).Sum();
            var twoLists = new[] { 0b011, 0b101, 0b110 };
            var modelPairs = result.Model!.ByListPair.Sum(m => m.ExpectedMatches);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {c + 1} | {truthTable.Observed:N0} | {F(truth.Median, truth.Lower, truth.Upper)} | {F(aware.Point.Median, aware.Point.Lower, aware.Point.Upper)} | {F(aware.Median, aware.Lower, aware.Upper)} | {aware.Documented:N0} | {twoLists.Sum(h => Shared(truthTable, h)):N0} / {twoLists.Sum(h => Shared(point, h)):N0} / {modelPairs:N0} | {truthTable.Counts[7]:N0} / {point.Counts[7]:N0} / {drawn.Average(t => t.Counts[7]):N0} | {aware.SaturatedShare:P0} |");
            Console.WriteLine("M model/truth: " + string.Join(", ", result.Model!.ByListPair.Select(m => $"{m.ExpectedMatches:F0}/{truthTable.Counts.Select((n, h) => (h & ((1 << m.First) | (1 << m.Second))) == ((1 << m.First) | (1 << m.Second)) ? n : 0).Sum()}")));
            Console.WriteLine($"tables: truth [{string.Join(",", truthTable.Counts)}] point [{string.Join(",", point.Counts)}] drawn0 [{string.Join(",", drawn[0].Counts)}]");
            Console.WriteLine($"{c + 1}: truth {truth.Median:N0} ({truth.Lower:N0}–{truth.Upper:N0}); one linkage {aware.Point.Median:N0} ({aware.Point.Lower:N0}–{aware.Point.Upper:N0}); with error {aware.Median:N0} ({aware.Lower:N0}–{aware.Upper:N0}), share {aware.LinkageShare:P0}, saturated {aware.SaturatedShare:P0}");
        }

        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The true total {incidents:N0} is covered by the true table's interval in {truthCovered} of {coalitions}, by the one linkage's in {pointCovered} of {coalitions}, and with linkage error carried in {awareCovered} of {coalitions}.");
        return text.ToString();
    }

    /// <summary>A generated coalition: its records (decoys included, with negative incident numbers), each pseudonym's record, and the encoding files.</summary>
    private static (List<Truth> Records, Dictionary<Guid, int> Index, List<EncodingFile> Files) Coalition(Random random, int incidents, Clk clk)
    {
        var real = Generate(random, incidents, [0.5, 0.4, 0.3]);
        var records = real.Concat(real.GroupBy(r => r.List).SelectMany(list =>
        {
            var q = list.Select(r => r.Record).ToList();
            return Decoys.From(q, q.Count / 4).Select((d, i) => new Truth(-1 - (list.Key * 10_000_000) - i, list.Key, d));
        })).ToList();
        var pseudonyms = records.Select(_ => Guid.NewGuid()).ToList();
        var files = records.Select((r, i) => (r, i)).GroupBy(x => x.r.List).OrderBy(g => g.Key).Select(g => new EncodingFile
        {
            List = Guid.NewGuid(),
            Run = Guid.NewGuid(),
            Records = g.AsParallel().AsOrdered().Select(x => new EncodedRecord(pseudonyms[x.i], x.r.Record.Year, MatchEncodings.Encode(clk.EncodeFields(x.r.Record)))).ToList(),
        }).ToList();
        return (records, pseudonyms.Select((p, i) => (p, i)).ToDictionary(x => x.p, x => x.i), files);
    }

    private static (double Precision, double Recall, double F1) Score(List<Truth> records, List<GreedyGroups.Group> groups)
    {
        var truePairs = records.Where(r => r.Incident >= 0).Select((r, i) => (r.Incident, i)).GroupBy(x => x.Incident).Sum(g => (long)g.Count() * (g.Count() - 1) / 2);
        long found = 0, correct = 0;
        foreach (var g in groups)
        {
            for (var a = 0; a < g.Members.Count; a++)
            {
                for (var b = a + 1; b < g.Members.Count; b++)
                {
                    found++;
                    if (records[g.Members[a]].Incident == records[g.Members[b]].Incident && records[g.Members[a]].Incident >= 0)
                    {
                        correct++;
                    }
                }
            }
        }

        var precision = found == 0 ? 0 : (double)correct / found;
        var recall = truePairs == 0 ? 0 : (double)correct / truePairs;
        return (precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
    }

    private static List<Truth> Generate(Random r, int incidents, double[] coverage)
    {
        var records = new List<Truth>();
        var v = new Random(incidents + 77);
        for (var incident = 0; incident < incidents; incident++)
        {
            var name = $"{First[r.Next(First.Length)]} {Last[r.Next(Last.Length)]}";
            var date = new DateOnly(2022, 1, 1).AddDays(r.Next(4 * 365));
            var region = Regions[r.Next(Regions.Length)];
            var settlement = r.Next(3) == 0 ? "s" + r.Next(40).ToString(CultureInfo.InvariantCulture) : null;
            var born = date.Year - r.Next(17, 60);
            var acts = Violations.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).ToList();
            var perpetrators = Perpetrators.OrderBy(_ => r.Next()).Take(r.Next(1, 3)).ToList();
            // The variant with several victims draws from its own generator, so the rest of the coalition stays as it is.
            var others = MultiVictims && v.NextDouble() < 0.15
                ? Enumerable.Range(0, v.Next(1, 3)).Select(_ => ($"{First[v.Next(First.Length)]} {Last[v.Next(Last.Length)]}", date.Year - v.Next(17, 60))).ToList()
                : [];
            for (var list = 0; list < coverage.Length; list++)
            {
                if (r.NextDouble() >= coverage[list])
                {
                    continue;
                }

                var copyName = r.NextDouble() < 0.3 ? null : Typo(r, r.NextDouble() < 0.4 ? Transliteration.Normalise(name) : name);
                if (NameOrder && copyName is not null && v.NextDouble() < 0.4)
                {
                    // Surname first, as official documents write it, half the time with a patronymic.
                    var words = copyName.Split(' ');
                    copyName = $"{words[^1]} {string.Join(' ', words[..^1])}" + (v.NextDouble() < 0.5 ? $" {First[v.Next(First.Length)]}ovna" : "");
                }

                var copyDate = r.NextDouble() < 0.25 ? date.AddDays(r.Next(1, 4) * (r.Next(2) == 0 ? -1 : 1)) : date;
                var precision = r.NextDouble() < 0.1 ? DatePrecision.Month : DatePrecision.Day;
                var age = r.NextDouble() < 0.15 ? (int?)null : copyDate.Year - born + (r.NextDouble() < 0.2 ? r.Next(2) * 2 - 1 : 0);
                var copyActs = r.NextDouble() < 0.3 ? (acts.Count > 1 ? acts.Take(1).ToList() : [.. acts, Violations[r.Next(Violations.Length)]]) : acts;
                var record = new QuasiIdentifiers(
                    copyDate, precision, r.NextDouble() < 0.05 ? null : region, r.NextDouble() < 0.5 ? null : settlement,
                    age is { } a ? copyDate.Year - a : null,
                    copyName is null ? "" : string.Concat(Transliteration.Normalise(copyName).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0])),
                    copyActs.Distinct().Order(StringComparer.Ordinal).ToList(),
                    (r.NextDouble() < 0.1 ? [] : perpetrators).Order(StringComparer.Ordinal).ToList());
                if (AgeBands && age is null && AgeBand(copyDate.Year - born) is var (lo, hi))
                {
                    record = record with { BornBetween = (copyDate.Year - hi, copyDate.Year - lo) };
                }

                if (others.Count > 0)
                {
                    record = Victims(v, record, name, born, others, copyDate);
                }

                records.Add(new Truth(incident, list, record) { Name = copyName is null ? null : Transliteration.Normalise(copyName) });
            }
        }

        return records;
    }

    /// <summary>The generator's variant in which 40% of named copies write the surname first, half of them with a patronymic (--name-order).</summary>
    public static bool NameOrder { get; set; }

    /// <summary>The generator's variant in which 15% of incidents have two or three victims (--victims).</summary>
    public static bool MultiVictims { get; set; }

    /// <summary>Encode only the first victim each copy lists, as Dalel did until 2026-12-01 (--first-victim).</summary>
    public static bool FirstVictimOnly { get; set; }

    /// <summary>
    /// A copy of an incident with several victims: each known to the organisation with probability 0.7 (at least one),
    /// listed in an order of its own, each with the copy noise of the single-victim generator.
    /// </summary>
    private static QuasiIdentifiers Victims(Random v, QuasiIdentifiers record, string name, int born, List<(string Name, int Born)> others, DateOnly copyDate)
    {
        var everyone = new List<(string Name, int Born)> { (name, born) }.Concat(others).ToList();
        var known = everyone.Where(_ => v.NextDouble() < 0.7).OrderBy(_ => v.Next()).ToList();
        if (known.Count == 0)
        {
            known.Add(everyone[v.Next(everyone.Count)]);
        }

        QuasiIdentifiers.Person Copy((string Name, int Born) person)
        {
            var copyName = v.NextDouble() < 0.3 ? null : Typo(v, v.NextDouble() < 0.4 ? Transliteration.Normalise(person.Name) : person.Name);
            var age = v.NextDouble() < 0.15 ? (int?)null : copyDate.Year - person.Born + (v.NextDouble() < 0.2 ? v.Next(2) * 2 - 1 : 0);
            return new QuasiIdentifiers.Person(age is { } a ? copyDate.Year - a : null, null,
                copyName is null ? "" : string.Concat(Transliteration.Normalise(copyName).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(w => w[0])));
        }

        var people = known.Select(Copy).ToList();
        return record with
        {
            BirthYear = people[0].BirthYear,
            BornBetween = null,
            Initials = people[0].Initials,
            Others = FirstVictimOnly ? [] : people.Skip(1).Where(p => !p.IsEmpty).ToList(),
        };
    }

    /// <summary>The generator's variant in which copies with no exact age carry the age band (--age-bands).</summary>
    public static bool AgeBands { get; set; }

    public const string QualityHeading = "## Linkage quality by size";

    /// <summary>The section a run writes: each variant of the generator has its own, so none overwrites the headline.</summary>
    public static string Heading =>
        AgeBands || MultiVictims || NameOrder
            ? "## Linkage quality" + (AgeBands ? " when only age bands are known" : "") + (MultiVictims ? " with several victims per incident" + (FirstVictimOnly ? ", the first encoded" : ", all encoded") : "")
                + (NameOrder ? " with names written surname first" : "")
            : QualityHeading;

    /// <summary>The ages of the band an age falls in, as QuasiIdentifiers spans them.</summary>
    private static (int Youngest, int Oldest) AgeBand(int age) => age switch { < 18 => (12, 17), < 25 => (18, 24), < 35 => (25, 34), < 45 => (35, 44), < 55 => (45, 54), _ => (55, 70) };

    private static string Typo(Random r, string name)
    {
        if (r.NextDouble() >= 0.2 || name.Length < 3)
        {
            return name;
        }

        var at = r.Next(1, name.Length - 1);
        return r.Next(3) switch
        {
            0 => name.Remove(at, 1),
            1 => name[..at] + name[at + 1] + name[at] + name[(at + 2)..],
            _ => name[..at] + "x" + name[(at + 1)..],
        };
    }

    /// <summary>Three lists of 100,000 records each (every incident on every list, so every list is full size): encode and match.</summary>
    private static string Scale(Random r, byte[] secret)
    {
        var Size = ScaleSize;
        var records = Generate(r, Size, [1.0, 1.0, 1.0]);
        var clk = new Clk(secret);
        var watch = Stopwatch.StartNew();
        var files = records.GroupBy(x => x.List).OrderBy(g => g.Key).Select(g => new EncodingFile
        {
            List = Guid.NewGuid(),
            Run = Guid.NewGuid(),
            Records = g.AsParallel().AsOrdered().Select(x => new EncodedRecord(Guid.NewGuid(), x.Record.Year, MatchEncodings.Encode(clk.Encode(x.Record)))).ToList(),
        }).ToList();
        var encode = watch.Elapsed;
        watch.Restart();
        var result = MatchEncodings.Run(files).Value;
        var match = watch.Elapsed;
        var comparisons = records.GroupBy(x => x.Record.Year).Sum(g =>
        {
            var perList = g.GroupBy(x => x.List).Select(l => (long)l.Count()).ToArray();
            return perList.SelectMany((a, i) => perList.Skip(i + 1).Select(b => a * b)).Sum();
        });
        Console.WriteLine($"3 x {Size:N0}: encode {encode.TotalSeconds:F1} s, match {match.TotalSeconds:F1} s, {result.Clusters.Count:N0} groups");
        return $"- Three lists of {Size:N0} records each, end to end on both cores: encoding {encode.TotalSeconds:F1} s, linkage {match.TotalSeconds:F1} s ({comparisons / 1e9:F2} G comparisons within incident years, {comparisons / match.TotalSeconds / 1e6:N0} M/s including grouping); {result.Clusters.Count:N0} groups found.";
    }

    private static string Speed(Random r)
    {
        var text = new StringBuilder();
        const int Left = 2_000, Right = 20_000;
        const int Words = Clk.Segments * Clk.SegmentWords;
        var flat = new ulong[(Left + Right) * Words];
        for (var i = 0; i < flat.Length; i++)
        {
            flat[i] = (ulong)r.NextInt64() & (ulong)r.NextInt64() & (ulong)r.NextInt64(); // about an eighth of bits set, as in real encodings
        }

        // The limit: AND and POPCNT over the same number of words with nothing else, on both cores.
        var watch = Stopwatch.StartNew();
        var sink = 0L;
        Parallel.For(0, Left, () => 0L, (a, _, local) =>
        {
            for (var b = Left; b < Left + Right; b++)
            {
                var count = 0;
                for (var w = 0; w < Words; w++)
                {
                    count += System.Numerics.BitOperations.PopCount(flat[(a * Words) + w] & flat[(b * Words) + w]);
                }

                local += count;
            }

            return local;
        }, local => Interlocked.Add(ref sink, local));
        var limit = (double)Left * Right / watch.Elapsed.TotalSeconds;

        double Rate(Func<int, int, int> common)
        {
            var clock = Stopwatch.StartNew();
            var total = 0L;
            Parallel.For(0, Left, () => 0L, (a, _, local) =>
            {
                for (var b = Left; b < Left + Right; b++)
                {
                    for (var s = 0; s < Clk.Segments; s++)
                    {
                        local += common((a * Words) + (s * Clk.SegmentWords), (b * Words) + (s * Clk.SegmentWords));
                    }
                }

                return local;
            }, local => Interlocked.Add(ref total, local));
            return (double)Left * Right / clock.Elapsed.TotalSeconds;
        }

        var vectorised = Rate((a, b) => SegmentDice.CommonSegment(flat, a, b));
        var scalar = Rate((a, b) =>
        {
            var count = 0;
            for (var w = 0; w < Clk.SegmentWords; w++)
            {
                count += System.Numerics.BitOperations.PopCount(flat[a + w] & flat[b + w]);
            }

            return count;
        });
        text.AppendLine(CultureInfo.InvariantCulture, $"- Field-level comparisons ({Clk.Segments} × {Clk.SegmentBits} bits), both cores, {Left:N0} × {Right:N0}: {(SegmentDice.Vectorised ? "AVX2 nibble-lookup popcount" : "no AVX2 here, scalar")} {vectorised / 1e6:N0} M pairs/s; scalar POPCNT per word {scalar / 1e6:N0} M pairs/s; the popcount limit measured on this machine (AND and POPCNT over the same {Words} words, nothing else, inlined) {limit / 1e6:N0} M pairs/s. `dalel linkage match` prints its own rate, which also turns each pair into a pattern of levels, twice (EM needs the counts of every pattern before it can score a pair).");
        Console.WriteLine($"segments: vectorised {vectorised / 1e6:N0} M/s, scalar {scalar / 1e6:N0} M/s, limit {limit / 1e6:N0} M/s");
        return text.ToString();
    }
}
