using Dalel.Core.Members;

namespace Dalel.Core.Cases;

/// <summary>
/// What of a case a role may see. Analysts get coded facts only: no title, narrative, free-text descriptions, code
/// names, exact age or files. Viewers see narratives but not files (photos and scans identify people).
/// </summary>
public static class Redaction
{
    public static CaseRecord For(OrgScope scope, CaseRecord r)
    {
        var record = scope.Can(Capability.ReadIdentities) ? r : r with { Files = [] };
        if (scope.Can(Capability.ReadNarratives))
        {
            return record;
        }

        return record with
        {
            Title = "",
            Reference = null,
            Narrative = "",
            Place = r.Place with { Locality = null },
            Victims = r.Victims.Select((v, i) => v with { CodeName = $"V{i + 1}", Age = null, AgeBand = v.EffectiveAgeBand }).ToList(),
            Acts = r.Acts.Select(a => a with
            {
                ConsequencesNote = null,
                Perpetrators = a.Perpetrators.Select(p => p with { Description = null }).ToList(),
            }).ToList(),
            Sources = r.Sources.Select(s => s with { Description = null }).ToList(),
            Interventions = r.Interventions.Select(i => i with { Note = null }).ToList(),
            HateCrime = r.HateCrime is { } hate ? hate with { PublicSummary = null } : null,
        };
    }
}
