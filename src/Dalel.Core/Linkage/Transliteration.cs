using System.Text;

namespace Dalel.Core.Linkage;

/// <summary>
/// Russian and Kazakh Cyrillic to Latin, so "Айгерим" and "Aigerim" give the same bigrams: the same person is often
/// written in one script by one organisation and in the other by the next.
/// </summary>
internal static class Transliteration
{
    private static readonly Dictionary<char, string> Map = new()
    {
        ['а'] = "a", ['ә'] = "a", ['б'] = "b", ['в'] = "v", ['г'] = "g", ['ғ'] = "g", ['д'] = "d", ['е'] = "e", ['ё'] = "e",
        ['ж'] = "zh", ['з'] = "z", ['и'] = "i", ['й'] = "i", ['і'] = "i", ['к'] = "k", ['қ'] = "k", ['л'] = "l", ['м'] = "m",
        ['н'] = "n", ['ң'] = "n", ['о'] = "o", ['ө'] = "o", ['п'] = "p", ['р'] = "r", ['с'] = "s", ['т'] = "t", ['у'] = "u",
        ['ұ'] = "u", ['ү'] = "u", ['ф'] = "f", ['х'] = "kh", ['һ'] = "h", ['ц'] = "ts", ['ч'] = "ch", ['ш'] = "sh", ['щ'] = "shch",
        ['ъ'] = "", ['ы'] = "y", ['ь'] = "", ['э'] = "e", ['ю'] = "yu", ['я'] = "ya",
    };

    /// <summary>Lower-case Latin letters and digits, one space between words.</summary>
    public static string Normalise(string? text)
    {
        var result = new StringBuilder();
        var space = false;
        foreach (var raw in (text ?? "").ToLowerInvariant())
        {
            if (Map.TryGetValue(raw, out var latin))
            {
                result.Append(latin);
                space = false;
            }
            else if (char.IsAsciiLetterOrDigit(raw))
            {
                result.Append(raw);
                space = false;
            }
            else if (!space && result.Length > 0)
            {
                result.Append(' ');
                space = true;
            }
        }

        return result.ToString().Trim();
    }
}
