namespace Dalel.Core.Linkage;

/// <summary>
/// Blocking by MinHash LSH on the encodings (Broder 1997; banding as in Leskovec, Rajaraman and Ullman, ch. 3): within
/// an incident year, two records are compared only if, in some band, the band's few smallest hashes over their set
/// bits agree, which happens with probability J^rows for two encodings of Jaccard similarity J. Three groups of bands —
/// the what-and-where segment, year of birth with initials, the whole record — so that a pair agreeing on any of them
/// is caught even when a name or a date is missing on one side. On the benchmark's coalitions this compares about a tenth
/// of the pairs and keeps 99.8–99.97% of the pairs the full comparison links (docs/linkage-benchmarks.md). The hash
/// functions are public and fixed: the linkage party holds no secret, and the hashes say nothing the bits do not.
/// </summary>
internal sealed class LshBlocking
{
    /// <summary>Bands over the bits of some segments: <paramref name="Count"/> bands of <paramref name="Rows"/> minimum hashes each.</summary>
    public sealed record Band(int[] Segments, int Rows, int Count);

    /// <summary>What and where (12 bands of 4); year of birth with initials (8 of 3); the whole record (24 of 3). Chosen on the benchmark (`--lsh-bands`).</summary>
    public static readonly IReadOnlyList<Band> Bands = [new([3], 4, 12), new([1, 2], 3, 8), new([0, 1, 2, 3], 3, 24)];

    /// <summary>
    /// One pair in this many of those blocking leaves out is compared anyway, with this weight: EM still learns from
    /// every kind of pair, and the model says how many matches blocking left out.
    /// </summary>
    public const int SampleEvery = 32;

    /// <summary>Hash of each bit position under each hash function (splitmix64, fixed seeds: the same on every machine).</summary>
    private static readonly uint[][] Hashes = HashesFor(Bands);

    private readonly ulong[][] _keys;

    private LshBlocking(ulong[][] keys) => _keys = keys;

    /// <summary>The band keys of every record in <paramref name="flat"/> (Clk.Segments × Clk.SegmentWords words each), on both cores.</summary>
    public static LshBlocking Of(ulong[] flat, int records, IReadOnlyList<Band>? bands = null)
    {
        var (chosen, hashes) = bands is null ? (Bands, Hashes) : (bands, HashesFor(bands));
        var keys = new ulong[records][];
        Parallel.For(0, records, () => new uint[hashes.Length], (record, _, signature) =>
        {
            keys[record] = KeysOf(flat.AsSpan(record * Clk.Segments * Clk.SegmentWords, Clk.Segments * Clk.SegmentWords), chosen, hashes, signature);
            return signature;
        }, _ => { });
        return new LshBlocking(keys);
    }

    private static uint[][] HashesFor(IReadOnlyList<Band> bands) => [.. Enumerable.Range(0, bands.Max(b => b.Rows * b.Count))
        .Select(h => Enumerable.Range(0, Clk.Segments * Clk.SegmentBits).Select(bit => (uint)(Mix(((ulong)h << 32) | (uint)bit) >> 32)).ToArray())];

    private static ulong[] KeysOf(ReadOnlySpan<ulong> encoding, IReadOnlyList<Band> bands, uint[][] hashes, uint[] signature)
    {
        var keys = new List<ulong>(bands.Sum(b => b.Count));
        var band = 0;
        foreach (var group in bands)
        {
            var functions = group.Rows * group.Count;
            Array.Fill(signature, uint.MaxValue, 0, functions);
            var any = false;
            foreach (var segment in group.Segments)
            {
                for (var w = 0; w < Clk.SegmentWords; w++)
                {
                    var word = encoding[(segment * Clk.SegmentWords) + w];
                    while (word != 0)
                    {
                        var bit = (segment * Clk.SegmentBits) + (w * 64) + System.Numerics.BitOperations.TrailingZeroCount(word);
                        word &= word - 1;
                        any = true;
                        for (var h = 0; h < functions; h++)
                        {
                            signature[h] = Math.Min(signature[h], hashes[h][bit]);
                        }
                    }
                }
            }

            // A group whose segments are all missing puts the record in none of its bands (it can still meet others in the rest).
            for (var b = 0; b < group.Count; b++, band++)
            {
                if (!any)
                {
                    continue;
                }

                var key = Mix((ulong)band + 1);
                for (var r = 0; r < group.Rows; r++)
                {
                    key = Mix(key ^ signature[(b * group.Rows) + r]);
                }

                keys.Add(key);
            }
        }

        return [.. keys];
    }

    /// <summary>The records of one list in one year, by band key: their positions in <paramref name="records"/>.</summary>
    public Dictionary<ulong, int[]> Buckets(int[] records)
    {
        var buckets = new Dictionary<ulong, List<int>>();
        for (var position = 0; position < records.Length; position++)
        {
            foreach (var key in _keys[records[position]])
            {
                if (!buckets.TryGetValue(key, out var bucket))
                {
                    buckets[key] = bucket = [];
                }

                bucket.Add(position);
            }
        }

        return buckets.ToDictionary(b => b.Key, b => b.Value.ToArray());
    }

    public ulong[] KeysOf(int record) => _keys[record];

    private static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }
}
