using System.Globalization;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>
/// The general path: a row built from a case read into a record. Taken by cases holding a code outside the vocabularies;
/// the reference the fast path is tested against.
/// </summary>
public sealed partial class ExportDeidentified
{
    [ThreadStatic]
    private static List<string>? CodeBuffer;

    /// <summary>ICCPR articles of each violation, looked up once per export run rather than per row.</summary>
    private static readonly Dictionary<string, IReadOnlyList<string>> IccprOf =
        Catalog.Default[Catalog.Violations].Terms.ToDictionary(t => t.Code, t => t.Iccpr, StringComparer.Ordinal);

    internal static string[] Line(int row, string organisation, CaseRecord c)
    {
        // Loops into one reused buffer, not LINQ or lists: this runs once per row of files of a million rows.
        var victims = c.Victims;
        var named = victims.Count > 0;
        foreach (var v in victims)
        {
            named &= v.Allows("named_publication");
        }

        var codes = Start();
        foreach (var act in c.Acts)
        {
            foreach (var violation in act.Violations)
            {
                Add(codes, violation);
            }
        }

        var violations = Joined(codes);
        foreach (var act in c.Acts)
        {
            foreach (var violation in act.Violations)
            {
                if (IccprOf.TryGetValue(violation, out var iccpr))
                {
                    foreach (var article in iccpr)
                    {
                        Add(codes, article);
                    }
                }
            }
        }

        var articles = Joined(codes);
        foreach (var act in c.Acts)
        {
            foreach (var p in act.Perpetrators)
            {
                Add(codes, p.Type);
            }
        }

        var perpetrators = Joined(codes);
        foreach (var intervention in c.Interventions)
        {
            Add(codes, intervention.Response);
        }

        var responses = Joined(codes);
        var dated = c.Date.Precision is DatePrecision.Day or DatePrecision.Month;
        return
        [
            Number(row),
            organisation,
            Number(c.Date.From.Year),
            dated ? Number(c.Date.From.Month) : "",
            named && c.Date.Precision == DatePrecision.Day ? c.Date.From.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : "",
            c.Place.Region ?? "",
            named ? c.Place.Settlement ?? "" : "",
            c.Status == CaseStatus.Verified ? "verified" : "draft",
            Number(victims.Count),
            Number(c.Acts.Count),
            violations,
            perpetrators,
            articles,
            Codes(victims, static v => v.SexualOrientation),
            Codes(victims, static v => v.GenderIdentity),
            Codes(victims, static v => v.GenderExpression),
            Codes(victims, static v => v.SexCharacteristics),
            Codes(victims, static v => v.TransStatus),
            Codes(victims, static v => v.EffectiveAgeBand),
            Dimension.Reported(c) ? "yes" : "no",
            responses,
        ];
    }

    private static string Codes(IReadOnlyList<Victim> victims, Func<Victim, string?> field)
    {
        var codes = Start();
        foreach (var v in victims)
        {
            Add(codes, field(v));
        }

        return Joined(codes);
    }

    private static List<string> Start()
    {
        var buffer = CodeBuffer ??= new List<string>(16);
        buffer.Clear();
        return buffer;
    }

    private static void Add(List<string> codes, string? code)
    {
        if (code is not null && !codes.Contains(code))
        {
            codes.Add(code);
        }
    }

    /// <summary>The buffer's codes sorted and joined with ';' (the same string back when there is one); the buffer is emptied.</summary>
    private static string Joined(List<string> codes)
    {
        var joined = codes.Count switch
        {
            0 => "",
            1 => codes[0],
            _ => SortedJoin(codes),
        };
        codes.Clear();
        return joined;
    }

    private static string SortedJoin(List<string> codes)
    {
        codes.Sort(StringComparer.Ordinal);
        return string.Join(';', codes);
    }

    /// <summary>Small numbers as text without a new string each time (years, months, counts).</summary>
    private static string Number(int n) => (uint)n < (uint)SmallNumbers.Length ? SmallNumbers[n] : n.ToString(CultureInfo.InvariantCulture);

    private static readonly string[] SmallNumbers = Enumerable.Range(0, 2200).Select(i => i.ToString(CultureInfo.InvariantCulture)).ToArray();
}
