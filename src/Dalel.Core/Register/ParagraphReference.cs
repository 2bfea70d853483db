using System.Text.RegularExpressions;

namespace Dalel.Core.Register;

/// <summary>
/// A paragraph reference as the UN cites it: "7", "7 (b)", "12 (a)–(c)", "12 (a) and (c)", "14 (a) (i)", "139.48",
/// "83–85, 88". Lettered and roman sub-items, ranges and lists are kept; printing normalises spacing and dashes.
/// </summary>
public static partial class ParagraphReference
{
    private const string Sub = @"\((?:[a-z]{1,3}|[ivxlc]{1,6})\)";
    private const string Item = @"\d{1,4}(?:\.\d{1,3})?(?:\s?" + Sub + ")*";
    private const string Subs = Sub + @"(?:\s?" + Sub + ")*";
    private const string Separator = @"\s*(?:[-–—,;]|\band\b|\bи\b|\bжәне\b)\s*";

    [GeneratedRegex("^" + Item + "(?:" + Separator + "(?:" + Item + "|" + Subs + "))*$")]
    private static partial Regex Pattern();

    [GeneratedRegex("^(" + Item + @")(?=\s|$|[.:])")]
    private static partial Regex Leading();

    [GeneratedRegex(@"\d{1,4}(?:\.\d{1,3})?")]
    private static partial Regex Number();

    [GeneratedRegex(@"\s*[-—]\s*|\s*–\s*")]
    private static partial Regex Dash();

    [GeneratedRegex(@"(\d)\(")]
    private static partial Regex TightSub();

    [GeneratedRegex(@"\s*,\s*")]
    private static partial Regex Comma();

    [GeneratedRegex(@"\s+(?:and|и|және)\s+")]
    private static partial Regex And();

    public static bool IsValid(string? reference) => reference is not null && Pattern().IsMatch(reference.Trim());

    /// <summary>The paragraph reference at the start of a recommendation's text ("14 (b) Ensure…" → "14 (b)"), if any.</summary>
    public static string? AtStart(string text) => Leading().Match(text.TrimStart()) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>Spacing and dashes as printed: "7(b)" → "7 (b)", "83-85" → "83–85", "(a)-(c)" → "(a)–(c)"; "and" in the language.</summary>
    public static string Normalise(string reference, string language = "en")
    {
        var text = TightSub().Replace(reference.Trim(), "$1 (");
        text = Dash().Replace(text, "–");
        text = Comma().Replace(text, ", ");
        return And().Replace(text, language switch { "ru" => " и ", "kk" => " және ", _ => " and " });
    }

    /// <summary>More than one paragraph is cited ("9–10", "9, 12"), as opposed to sub-items of one ("12 (a)–(c)").</summary>
    public static bool IsPlural(string reference) => Number().Matches(reference).Select(m => m.Value).Distinct().Count() > 1;

    /// <summary>"para. 12 (a)–(c)", "paras. 9–10"; "п. 9", "пп. 9–10"; "9-тармақ", "9–10-тармақтар".</summary>
    public static string Cite(string reference, string language)
    {
        var text = Normalise(reference, language);
        var plural = IsPlural(reference);
        return language switch
        {
            "ru" => (plural ? "пп. " : "п. ") + text,
            "kk" => text + (plural ? "-тармақтар" : "-тармақ"),
            _ => (plural ? "paras. " : "para. ") + text,
        };
    }
}
