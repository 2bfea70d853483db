using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Statistics;

/// <summary>
/// The cell key method, as the ABS TableBuilder and the ONS flexible table builder use it. Every counted unit has a
/// secret 32-bit record key; a cell's key is the sum of its units' keys modulo 2^32, so the same set of units always
/// gives the same key (repeating or rephrasing a question gains nothing) while one unit more or less gives an unrelated
/// key. The key picks the noise for the cell's true count from a fixed perturbation table. Counts of 1 and 2 are never
/// published as themselves; zero stays zero (an empty cell has no key). See docs/statistics.md for the table and why.
/// </summary>
public static class CellKey
{
    /// <summary>Table resolution: each row's weights sum to this.</summary>
    private const int Parts = 30;

    /// <summary>
    /// Published value → weight for true counts 1 to 4; from 5 on, noise −2…+2 with weights 3, 6, 12, 6, 3. Every row
    /// has mean noise 0 (unbiased), no row can publish 1 or 2, and noise never exceeds 2 except that a 3 may become 0.
    /// </summary>
    private static readonly (int Value, int Weight)[][] Small =
    [
        [(0, 20), (3, 10)],
        [(0, 10), (3, 20)],
        [(0, 3), (3, 18), (4, 9)],
        [(3, 12), (4, 9), (5, 6), (6, 3)],
    ];

    private static readonly (int Noise, int Weight)[] Large = [(-2, 3), (-1, 6), (0, 12), (1, 6), (2, 3)];

    /// <summary>The largest noise the table adds or takes away (a 3 published as 0 aside).</summary>
    public const int MaxNoise = 2;

    /// <summary>The value published for a true count whose cell key is <paramref name="key"/>.</summary>
    public static int Publish(int count, uint key)
    {
        if (count <= 0)
        {
            return 0;
        }

        // The key's position in [0, Parts): keys are uniform, so each outcome comes up with its weight's share.
        var position = (int)(((ulong)key * Parts) >> 32);
        if (count <= Small.Length)
        {
            foreach (var (value, weight) in Small[count - 1])
            {
                if (position < weight)
                {
                    return value;
                }

                position -= weight;
            }
        }

        foreach (var (noise, weight) in Large)
        {
            if (position < weight)
            {
                return count + noise;
            }

            position -= weight;
        }

        throw new InvalidOperationException("The perturbation table's weights do not sum to its resolution.");
    }

    /// <summary>Every true count the table can publish as <paramref name="published"/>: what a reader can infer from it.</summary>
    public static (int Low, int High) Preimage(int published)
    {
        if (published == 0)
        {
            return (0, 3);
        }

        var candidates = Enumerable.Range(Math.Max(1, published - MaxNoise), 2 * MaxNoise + 1)
            .Where(n => Outcomes(n).Contains(published)).ToList();
        return candidates.Count == 0 ? (-1, -1) : (candidates.Min(), candidates.Max());
    }

    /// <summary>The values a true count can be published as.</summary>
    public static IEnumerable<int> Outcomes(int count) => count <= 0 ? [0]
        : count <= Small.Length ? Small[count - 1].Select(o => o.Value)
        : Large.Select(o => count + o.Noise);
}

/// <summary>
/// Record keys for the cell key method, drawn once per case, act and victim. They are not stored: each is a pseudorandom
/// function (AES of the unit's ids) under a key derived from the organisation's sealed data key, so nobody without that
/// key can compute them, and they exist only while the instance is unsealed. Not thread-safe: one per query or index.
/// </summary>
internal sealed class RecordKeys(KeyRing keys) : IDisposable
{
    private readonly Dictionary<Guid, Aes> _byOrganisation = [];

    public uint Of(Guid organisation, Guid caseId, Guid? part = null)
    {
        if (!_byOrganisation.TryGetValue(organisation, out var aes))
        {
            aes = Aes.Create();
            aes.Key = HKDF.DeriveKey(HashAlgorithmName.SHA256, keys.DataKey(organisation), 32, info: Encoding.ASCII.GetBytes("dalel/cell-key/v1"));
            _byOrganisation[organisation] = aes;
        }

        Span<byte> block = stackalloc byte[16];
        caseId.TryWriteBytes(block);
        if (part is { } p)
        {
            // Two blocks chained (CBC-MAC of fixed length): the part's key depends on both ids.
            aes.EncryptEcb(block, block, PaddingMode.None);
            Span<byte> second = stackalloc byte[16];
            p.TryWriteBytes(second);
            for (var i = 0; i < 16; i++)
            {
                block[i] ^= second[i];
            }
        }

        aes.EncryptEcb(block, block, PaddingMode.None);
        return BinaryPrimitives.ReadUInt32LittleEndian(block);
    }

    public void Dispose()
    {
        foreach (var aes in _byOrganisation.Values)
        {
            aes.Dispose();
        }

        _byOrganisation.Clear();
    }
}
