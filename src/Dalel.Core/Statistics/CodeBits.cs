using System.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// The codes of one vocabulary as bit positions (the first 64 terms; Dalel's vocabularies hold at most 35), looked up by
/// the code's text or straight from its UTF-8 bytes without making a string. A set of codes is then one 64-bit mask,
/// compared and hashed as a number.
/// </summary>
internal sealed class CodeBits
{
    private const int LongestCode = 64;

    // Frozen: a handful of codes looked up tens of millions of times, which is what FrozenDictionary is built for.
    private readonly System.Collections.Frozen.FrozenDictionary<string, int> _bits;
    private readonly System.Collections.Frozen.FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _byChars;

    private CodeBits(IEnumerable<string> codes)
    {
        Codes = codes.Distinct(StringComparer.Ordinal).Take(64).ToArray();
        _bits = System.Collections.Frozen.FrozenDictionary.ToFrozenDictionary(Codes.Select((code, bit) => (code, bit)), x => x.code, x => x.bit, StringComparer.Ordinal);
        _byChars = _bits.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Bit i stands for Codes[i].</summary>
    public string[] Codes { get; }

    public static readonly IReadOnlyDictionary<string, CodeBits> Of =
        Catalog.Default.All.ToDictionary(v => v.Name, v => new CodeBits(v.Terms.Select(t => t.Code)), StringComparer.Ordinal);

    /// <summary>The ICCPR articles the violations vocabulary cites.</summary>
    public static readonly CodeBits Articles = new(Catalog.Default[Catalog.Violations].Terms.SelectMany(t => t.Iccpr));

    public bool TryBit(string code, out int bit) => _bits.TryGetValue(code, out bit);

    public bool TryBit(ReadOnlySpan<byte> utf8, out int bit)
    {
        // Codes are short ASCII; anything else is not one of them.
        Span<char> chars = stackalloc char[LongestCode];
        if (utf8.Length <= LongestCode && Ascii.ToUtf16(utf8, chars, out var written) == System.Buffers.OperationStatus.Done)
        {
            return _byChars.TryGetValue(chars[..written], out bit);
        }

        bit = -1;
        return false;
    }

    /// <summary>The codes of a mask, sorted by ordinal and joined with ';' — as the file writes a set of codes.</summary>
    public string Joined(ulong mask)
    {
        if (mask == 0)
        {
            return "";
        }

        var codes = new List<string>(System.Numerics.BitOperations.PopCount(mask));
        for (var m = mask; m != 0; m &= m - 1)
        {
            codes.Add(Codes[System.Numerics.BitOperations.TrailingZeroCount(m)]);
        }

        codes.Sort(StringComparer.Ordinal);
        return codes.Count == 1 ? codes[0] : string.Join(';', codes);
    }
}
