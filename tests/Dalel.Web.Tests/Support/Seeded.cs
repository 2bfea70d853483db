using Dalel.Core.Cases;

namespace Dalel.Web.Tests.Support;

/// <summary>A case recorded straight through Core, with a marker in its narrative, an identity and a file.</summary>
public sealed record SeededCase(Guid Org, Guid Id, Guid FileId, string Title, string NarrativeMarker, string IdentityMarker);

public static class Seeded
{
    public static SeededCase Case(DalelApp app, Guid org, string label)
    {
        var victim = new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = $"CODE-{label}",
            Consents = [new ConsentGrant { Use = "internal", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" }],
        };
        var title = $"Title {label} {Guid.NewGuid():N}";
        var narrative = $"narrative-{label}-{Guid.NewGuid():N}";
        var identity = $"identity-{label}-{Guid.NewGuid():N}";
        var id = new RecordCase(app.Instance).Run(DalelApp.Owner(org), new CaseContent
        {
            Title = title,
            Narrative = narrative,
            Date = new IncidentDate(DatePrecision.Day, new DateOnly(2024, 4, 20), new DateOnly(2024, 4, 20)),
            Place = new Place { Region = "astana" },
            Victims = [victim],
            Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = ["raid"], Perpetrators = [new Perpetrator { Type = "police", Count = 10 }] }],
            Identities = [new VictimIdentity { VictimId = victim.Id, FullName = identity }],
        }).Value;
        var file = new AttachEvidence(app.Instance).Run(DalelApp.Owner(org), id, $"evidence-{label}.txt", "text/plain", System.Text.Encoding.UTF8.GetBytes($"file-{label}")).Value;
        return new SeededCase(org, id, file, title, narrative, identity);
    }
}
