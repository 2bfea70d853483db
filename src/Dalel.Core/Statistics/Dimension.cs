using System.Globalization;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>What is counted: whole cases, acts within them, or victims.</summary>
public enum Unit
{
    Cases,
    Acts,
    Victims,
}

/// <summary>One counted thing: a case, or an act or a victim within it. Dimensions read the part they describe.</summary>
internal readonly record struct StatUnit(CaseRecord Case, Act? Act, Victim? Victim)
{
    public IEnumerable<Act> Acts => Act is { } act ? [act] : Victim is { } v ? Case.Acts.Where(a => a.VictimId == v.Id) : Case.Acts;

    public IEnumerable<Victim> Victims => Victim is { } v ? [v] : Act is { } act ? Case.Victims.Where(x => x.Id == act.VictimId) : Case.Victims;
}

/// <summary>
/// A way to break counts down. Multi-valued dimensions (a case with two violations) count a unit once in each of its
/// values, so rows can add up to more than the total; the total is always the number of distinct units.
/// </summary>
public sealed class Dimension
{
    private readonly Func<StatUnit, IEnumerable<string?>> _values;

    private Dimension(string key, string? vocabulary, Func<StatUnit, IEnumerable<string?>> values)
    {
        Key = key;
        Vocabulary = vocabulary;
        _values = values;
    }

    /// <summary>The name used in URLs and on the command line.</summary>
    public string Key { get; }

    /// <summary>The vocabulary whose labels name the values, if any.</summary>
    public string? Vocabulary { get; }

    internal IEnumerable<string> Values(StatUnit unit) => _values(unit).OfType<string>().Distinct();

    private static readonly HashSet<string> Reporting = ["complaint_police", "complaint_prosecutor", "complaint_ombudsperson", "court", "un_mechanism"];

    public static readonly IReadOnlyList<Dimension> All =
    [
        new("violation", Catalog.Violations, u => u.Acts.SelectMany(a => a.Violations)),
        new("perpetrator", Catalog.PerpetratorTypes, u => u.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type)),
        new("country", null, u => [u.Case.Place.Country]),
        new("region", null, u => [u.Case.Place.Region]),
        new("settlement", null, u => [u.Case.Place.Settlement]),
        new("year", null, u => [u.Case.Date.From.Year.ToString(CultureInfo.InvariantCulture)]),
        new("month", null, u => [u.Case.Date.Precision is DatePrecision.Day or DatePrecision.Month ? u.Case.Date.From.ToString("yyyy-MM", CultureInfo.InvariantCulture) : null]),
        new("sexual-orientation", Catalog.SexualOrientation, u => u.Victims.Select(v => v.SexualOrientation)),
        new("gender-identity", Catalog.GenderIdentity, u => u.Victims.Select(v => v.GenderIdentity)),
        new("gender-expression", Catalog.GenderExpression, u => u.Victims.Select(v => v.GenderExpression)),
        new("sex-characteristics", Catalog.SexCharacteristics, u => u.Victims.Select(v => v.SexCharacteristics)),
        new("trans-status", Catalog.TransStatus, u => u.Victims.Select(v => v.TransStatus)),
        new("age-band", Catalog.AgeBands, u => u.Victims.Select(v => v.EffectiveAgeBand)),
        new("iccpr", null, u => u.Acts.SelectMany(a => a.Violations).SelectMany(v => Catalog.Default[Catalog.Violations].Find(v)?.Iccpr ?? [])),
        new("organisation", null, u => [u.Case.OrganisationId.ToString("D")]),
        new("reported", null, u => [Reported(u.Case) ? "yes" : "no"]),
        new("response", Catalog.Responses, u => u.Case.Interventions.Select(i => i.Response)),
        new("consent", Catalog.ConsentUses, u => u.Victims.SelectMany(v => v.Consents.Select(c => c.Use).Distinct().Where(v.Allows))),
    ];

    /// <summary>Whether the case was reported to an authority or a UN mechanism (the "reported" dimension).</summary>
    internal static bool Reported(CaseRecord c)
    {
        foreach (var i in c.Interventions)
        {
            if (i.Type is { } type && IsReporting(type))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether an intervention of this type reported the case to an authority or a UN mechanism.</summary>
    internal static bool IsReporting(string interventionType) => Reporting.Contains(interventionType);

    public static Dimension? Find(string key) => All.FirstOrDefault(d => d.Key == key);

    private static readonly HashSet<string> OnePerCase = ["country", "region", "settlement", "year", "month", "organisation", "reported"];

    private static readonly HashSet<string> OnePerVictim = ["sexual-orientation", "gender-identity", "gender-expression", "sex-characteristics", "trans-status", "age-band"];

    /// <summary>
    /// Whether every unit has at most one value, as any reader knows (a case has one region; a victim one gender
    /// identity). Otherwise a reader cannot tell how the values overlap (which violations came together).
    /// </summary>
    public bool IsSingleValued(Unit unit) => OnePerCase.Contains(Key) || (unit == Unit.Victims && OnePerVictim.Contains(Key));
}
