using System.Text;

namespace Dalel.Core.Cases;

/// <summary>
/// Vocabulary and place codes read back as the one shared string per code instead of a copy per case: with a
/// million cases in memory, the copies would cost hundreds of megabytes.
/// </summary>
internal static class SharedCodes
{
    private const int LongestCode = 48;

    private static readonly Lazy<Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>>> Known = new(() =>
    {
        var catalog = Vocabularies.Catalog.Default;
        var codes = catalog.All.SelectMany(v => v.Terms.Select(t => t.Code))
            .Concat(catalog.Geography.Countries.SelectMany(c => c.Regions.SelectMany(r => r.Settlements.Select(s => s.Code).Append(r.Code)).Append(c.Code)))
            .Concat(catalog.All.SelectMany(v => v.Terms.SelectMany(t => t.Iccpr)));
        var known = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var code in codes)
        {
            known.TryAdd(code, code);
        }

        return known.GetAlternateLookup<ReadOnlySpan<char>>();
    });

    /// <summary>The string for these UTF-8 bytes: the shared one if it is a known code, else a new one.</summary>
    public static string Get(ReadOnlySpan<byte> utf8)
    {
        // Codes are short ASCII: look them up without first allocating the string that would be thrown away.
        if (utf8.Length <= LongestCode)
        {
            Span<char> chars = stackalloc char[LongestCode];
            var count = Encoding.UTF8.GetChars(utf8, chars);
            return Known.Value.TryGetValue(chars[..count], out var shared) ? shared : new string(chars[..count]);
        }

        return Encoding.UTF8.GetString(utf8);
    }
}
