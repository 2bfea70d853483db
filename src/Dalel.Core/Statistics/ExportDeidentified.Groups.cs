using System.Globalization;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>The anonymity groups: counting them, coarsening them, and each case's group.</summary>
public sealed partial class ExportDeidentified
{
    /// <summary>
    /// How many cases every victim consented for, and how many of them fall in each finest group (nothing coarsened):
    /// one read of each case, on every core. Coarser groups are counted from these (<see cref="Coarser"/>).
    /// </summary>
    private static (int Consented, Dictionary<GroupKey, int> Finest) CountGroups(List<StoredCase> all, GroupKey.Numbering numbers)
    {
        // One contiguous share of the cases per core, each counted into its own table of finest groups (as large as the
        // number of distinct groups, so merged once per core, not once per batch).
        var shares = Math.Max(1, Math.Min(Environment.ProcessorCount, all.Count / BatchSize));
        var counted = new (int Count, Dictionary<GroupKey, int> Finest)[shares];
        Parallel.For(0, shares, share => counted[share] = Count(all, all.Count * share / shares, all.Count * (share + 1) / shares, numbers));
        if (counted.Length == 1)
        {
            return counted[0];
        }

        // Sized once for every share's groups, so merging makes one table rather than a series of ever larger ones.
        var finest = new Dictionary<GroupKey, int>(counted.Sum(c => c.Finest.Count));
        var consented = 0;
        foreach (var (count, groups) in counted)
        {
            consented += count;
            foreach (var (key, n) in groups)
            {
                System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(finest, key, out _) += n;
            }
        }

        return (consented, finest);
    }

    /// <summary>The groups one level coarser, counted from the groups of the level before.</summary>
    private static Dictionary<GroupKey, int> Coarser(Dictionary<GroupKey, int> groups, int level)
    {
        var coarser = new Dictionary<GroupKey, int>(groups.Count / 2);
        foreach (var (key, n) in groups)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(coarser, key.At(level), out _) += n;
        }

        return coarser;
    }

    private static int InSmallGroups(Dictionary<GroupKey, int> groups)
    {
        var rows = 0;
        foreach (var n in groups.Values)
        {
            rows += n < K ? n : 0;
        }

        return rows;
    }

    private static (int Count, Dictionary<GroupKey, int> Finest) Count(List<StoredCase> all, int from, int to, GroupKey.Numbering numbers)
    {
        var finest = new Dictionary<GroupKey, int>(Math.Min(to - from, 1 << 16));
        var count = 0;
        for (var i = from; i < to; i++)
        {
            var row = DeidentifiedRow.GroupOf(all[i].Body.Span, numbers);
            GroupKey key;
            if (row.Unusual)
            {
                var record = all[i].Facts;
                if (!ComputeStatistics.Consented(record))
                {
                    continue;
                }

                key = Groups(record, numbers)[0];
            }
            else if (row.Consented)
            {
                key = row.GroupAt(0);
            }
            else
            {
                continue;
            }

            count++;
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(finest, key, out _)++;
        }

        return (count, finest);
    }



    /// <summary>
    /// A case's group at each level of coarsening: the quasi-identifiers the file will show for it (one organisation per
    /// file, so it is not among them), as a value compared field by field — each set of codes as a bit mask over its
    /// vocabulary — so two groups can never be taken for one. A code outside the vocabularies (none is accepted today)
    /// keeps the exact text instead.
    /// </summary>
    internal static GroupKey[] Groups(CaseRecord c, GroupKey.Numbering numbers)
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

        var month = c.Date.Precision is DatePrecision.Day or DatePrecision.Month ? c.Date.From.Month : 0;
        var finest = new GroupKey(c.Date.From.Year, month, numbers.RegionOf(c.Place.Region), v.Count, GroupKey.People(orientation, identity, expression, characteristics, trans, age),
            other is null ? 0 : numbers.NumberOf(other));
        return [finest, finest.At(1), finest.At(2), finest.At(3)];
    }

    /// <summary>Sets the code's bit; returns the code when it has none (not in the vocabulary).</summary>
    private static string? Mark(ref ulong mask, string vocabulary, string? code)
    {
        if (code is null)
        {
            return null;
        }

        if (CodeBits.Of[vocabulary].TryBit(code, out var bit))
        {
            mask |= 1UL << bit;
            return null;
        }

        return code;
    }

    /// <summary>
    /// A group of the file: year, month (0 when not shown), region (0 when not shown; see <see cref="Numbering"/>), number
    /// of victims, and the people's codes — each quasi-identifying vocabulary's mask at its own offset of one 128-bit set,
    /// and for codes outside the vocabularies the number of their exact text (0 when none) — so a key is a few numbers,
    /// hashed and compared as such, holding no reference for the collector to trace (the export counts a million of
    /// them), and two groups are never taken for one.
    /// </summary>
    internal readonly record struct GroupKey(int Year, int Month, int Region, int Victims, UInt128 PeopleCodes, int Other)
    {
        /// <summary>Offsets of sexual orientation, gender identity and expression, sex characteristics, trans status and age band.</summary>
        private static readonly int[] Offsets = OffsetsOf(Catalog.SexualOrientation, Catalog.GenderIdentity, Catalog.GenderExpression, Catalog.SexCharacteristics,
            Catalog.TransStatus, Catalog.AgeBands);

        /// <summary>The catalogue's region codes, numbered from 2, looked up from a string or straight from UTF-8.</summary>
        private static readonly System.Collections.Frozen.FrozenDictionary<string, (int Number, string Code)> KnownRegions = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(
            Catalog.Default.Geography.Countries.SelectMany(c => c.Regions.Select(r => r.Code)).Distinct(StringComparer.Ordinal).Select((code, i) => (code, i)),
            x => x.code, x => (x.i + 2, x.code), StringComparer.Ordinal);

        private static readonly System.Collections.Frozen.FrozenDictionary<string, (int Number, string Code)>.AlternateLookup<ReadOnlySpan<char>> KnownRegionChars =
            KnownRegions.GetAlternateLookup<ReadOnlySpan<char>>();

        /// <summary>This finest group's group at a level of coarsening: what that level blanks, blanked.</summary>
        public GroupKey At(int level) => level switch
        {
            0 => this,
            1 => this with { Month = 0 },
            2 => this with { Month = 0, Region = 0 },
            _ => new GroupKey(Year, 0, 0, 0, 0, 0),
        };

        public static UInt128 People(ulong orientation, ulong identity, ulong expression, ulong characteristics, ulong trans, ulong age) =>
            ((UInt128)orientation << Offsets[0]) | ((UInt128)identity << Offsets[1]) | ((UInt128)expression << Offsets[2])
            | ((UInt128)characteristics << Offsets[3]) | ((UInt128)trans << Offsets[4]) | ((UInt128)age << Offsets[5]);

        /// <summary>A region code of the catalogue from its UTF-8 bytes: its number and the one shared string for it.</summary>
        public static bool TryKnownRegion(ReadOnlySpan<byte> utf8, out int number, out string code)
        {
            Span<char> chars = stackalloc char[64];
            if (utf8.Length <= chars.Length && System.Text.Ascii.ToUtf16(utf8, chars, out var written) == System.Buffers.OperationStatus.Done
                && KnownRegionChars.TryGetValue(chars[..written], out var known))
            {
                (number, code) = known;
                return true;
            }

            (number, code) = (0, "");
            return false;
        }

        /// <summary>
        /// The numbers of one export's texts: region texts outside the catalogue and, for codes outside the vocabularies,
        /// the exact text of the people's codes. One per export, so no case's text outlives it (sealing wipes the cases;
        /// a table kept for the process would not be wiped). Both passes use the same numbering.
        /// </summary>
        internal sealed class Numbering
        {
            private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _texts = new(StringComparer.Ordinal);
            private int _last = KnownRegions.Count + 1;

            /// <summary>
            /// A number per region text, the same for equal texts: 1 for none, the catalogue's codes their own, others
            /// after them. Never the same number for two texts (that would merge their groups): numbers come from a
            /// counter, so two threads adding at once may waste one, never share one.
            /// </summary>
            public int RegionOf(string? region) =>
                string.IsNullOrEmpty(region) ? 1 : KnownRegions.TryGetValue(region, out var known) ? known.Number : NumberOf(region);

            /// <summary>The number of a text, above every catalogue region's: the same for equal texts, different for different ones.</summary>
            public int NumberOf(string text) =>
                _texts.TryGetValue(text, out var id) ? id : _texts.GetOrAdd(text, static (_, numbering) => Interlocked.Increment(ref numbering._last), this);
        }

        private static int[] OffsetsOf(params string[] vocabularies)
        {
            var offsets = new int[vocabularies.Length];
            var end = 0;
            for (var i = 0; i < vocabularies.Length; i++)
            {
                offsets[i] = end;
                end += CodeBits.Of[vocabularies[i]].Codes.Length;
            }

            // A vocabulary grown past this would overlap the next one's bits: a bug, caught by every export test.
            return end <= 128 ? offsets : throw new InvalidOperationException($"The quasi-identifying vocabularies need {end} bits; the group key holds 128.");
        }
    }
}
