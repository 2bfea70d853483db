using Dalel.Core.Vocabularies;

namespace Dalel.Core.Cases;

/// <summary>The vocabulary codes a case carries, per list: what filters (and later statistics) look at.</summary>
public static class CaseCodes
{
    /// <summary>Lists a case list can be filtered on.</summary>
    public static readonly IReadOnlyList<string> Filterable =
    [
        Catalog.Violations, Catalog.PerpetratorTypes, Catalog.Involvement, Catalog.Consequences, Catalog.SexualOrientation,
        Catalog.GenderIdentity, Catalog.GenderExpression, Catalog.SexCharacteristics, Catalog.TransStatus, Catalog.SogiescBasis,
        Catalog.AgeBands, Catalog.SourceTypes, Catalog.Reliability, Catalog.InterventionTypes, Catalog.Responses,
        Catalog.ConsentUses, Catalog.CaseStatus,
    ];

    public static IEnumerable<string> Of(CaseRecord c, string list) => (list switch
    {
        Catalog.Violations => c.Acts.SelectMany(a => a.Violations),
        Catalog.PerpetratorTypes => c.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Type),
        Catalog.Involvement => c.Acts.SelectMany(a => a.Perpetrators).Select(p => p.Involvement),
        Catalog.Consequences => c.Acts.SelectMany(a => a.Consequences),
        Catalog.SexualOrientation => c.Victims.Select(v => v.SexualOrientation),
        Catalog.GenderIdentity => c.Victims.Select(v => v.GenderIdentity),
        Catalog.GenderExpression => c.Victims.Select(v => v.GenderExpression),
        Catalog.SexCharacteristics => c.Victims.Select(v => v.SexCharacteristics),
        Catalog.TransStatus => c.Victims.Select(v => v.TransStatus),
        Catalog.SogiescBasis => c.Victims.Select(v => v.SogiescBasis),
        Catalog.AgeBands => c.Victims.Select(v => v.EffectiveAgeBand),
        Catalog.SourceTypes => c.Sources.Select(s => s.Type),
        Catalog.Reliability => c.Sources.Select(s => s.Reliability),
        Catalog.InterventionTypes => c.Interventions.Select(i => i.Type),
        Catalog.Responses => c.Interventions.Select(i => i.Response),
        Catalog.ConsentUses => c.Victims.SelectMany(v => v.Consents.Select(g => g.Use).Distinct().Where(v.Allows)),
        Catalog.ConsentMethods => c.Victims.SelectMany(v => v.Consents).Select(g => g.Method),
        Catalog.CaseStatus => [c.Status == CaseStatus.Verified ? "verified" : "draft"],
        _ => [],
    }).OfType<string>().Distinct();
}
