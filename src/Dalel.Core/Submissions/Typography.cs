using System.Text;

namespace Dalel.Core.Submissions;

/// <summary>
/// Quotation marks as each language prints them: “…” and ‘…’ in English, «…» and „…“ inside in Russian and Kazakh;
/// an apostrophe inside a word becomes ’. Applied to everything a document prints, so typed and generated text agree.
/// </summary>
public static class Typography
{
    public static string Quoted(string text, string language) => language is "ru" or "kk" ? $"«{text}»" : $"“{text}”";

    public static string Quotes(string text, string language)
    {
        if (text.IndexOfAny(['"', '\'', '“', '”', '«', '»']) < 0)
        {
            return text;
        }

        var (open, close, innerOpen, innerClose) = language is "ru" or "kk" ? ('«', '»', '„', '“') : ('“', '”', '‘', '’');
        var result = new StringBuilder(text.Length);
        var depth = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var before = i > 0 ? text[i - 1] : ' ';
            var opening = char.IsWhiteSpace(before) || before is '(' or '[' or '—' or '–' or '-' or '/' || i == 0;
            switch (c)
            {
                case '"' or '“' or '”' or '«' or '»':
                    var opens = c is '“' or '«' || (c == '"' && opening) || (c == '”' && opening && language is "ru" or "kk");
                    if (opens)
                    {
                        result.Append(depth == 0 ? open : innerOpen);
                        depth++;
                    }
                    else
                    {
                        depth = Math.Max(0, depth - 1);
                        result.Append(depth == 0 ? close : innerClose);
                    }

                    break;
                case '\'':
                    // Between letters it is an apostrophe (O'Brien, don't); elsewhere an English single quote.
                    result.Append(char.IsLetter(before) || !opening ? '’' : '‘');
                    break;
                default:
                    result.Append(c);
                    break;
            }
        }

        return result.ToString();
    }
}
