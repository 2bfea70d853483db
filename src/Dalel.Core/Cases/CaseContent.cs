namespace Dalel.Core.Cases;

/// <summary>What a documenter enters for a case: everything but the ids, timestamps and files Dalel assigns.</summary>
public sealed record CaseContent
{
    public required string Title { get; init; }

    /// <summary>The organisation's own reference (null or blank: none).</summary>
    public string? Reference { get; init; }

    public string Narrative { get; init; } = "";

    public required IncidentDate Date { get; init; }

    public Place Place { get; init; } = new();

    public CaseStatus Status { get; init; }

    public IReadOnlyList<Victim> Victims { get; init; } = [];

    public IReadOnlyList<Act> Acts { get; init; } = [];

    public IReadOnlyList<Source> Sources { get; init; } = [];

    public IReadOnlyList<Intervention> Interventions { get; init; } = [];

    public IReadOnlyList<VictimIdentity> Identities { get; init; } = [];

    public HateCrimeAssessment? HateCrime { get; init; }

    public static CaseContent From(CaseRecord r, IReadOnlyList<VictimIdentity> identities) => new()
    {
        Title = r.Title,
        Reference = r.Reference,
        Narrative = r.Narrative,
        Date = r.Date,
        Place = r.Place,
        Status = r.Status,
        Victims = r.Victims,
        Acts = r.Acts,
        Sources = r.Sources,
        Interventions = r.Interventions,
        Identities = identities,
        HateCrime = r.HateCrime,
    };

    internal CaseRecord ToRecord(Guid id, Guid org, DateTimeOffset createdAt, DateTimeOffset now, IReadOnlyList<EvidenceFile> files) => new()
    {
        Id = id,
        OrganisationId = org,
        Title = Title.Trim(),
        Reference = string.IsNullOrWhiteSpace(Reference) ? null : Reference.Trim(),
        Narrative = Narrative.Trim(),
        Date = Date,
        Place = Place,
        Status = Status,
        Victims = Victims,
        Acts = Acts,
        Sources = Sources,
        Interventions = Interventions,
        HateCrime = HateCrime is { CriminalOffence: false, BiasIndicators.Count: 0 } && string.IsNullOrWhiteSpace(HateCrime.PublicSummary)
            ? null
            : HateCrime is null ? null : HateCrime with { PublicSummary = string.IsNullOrWhiteSpace(HateCrime.PublicSummary) ? null : HateCrime.PublicSummary.Trim() },
        Files = files,
        CreatedAt = createdAt,
        UpdatedAt = now,
    };

    /// <summary>Identities that say something; empty ones are not stored.</summary>
    internal IReadOnlyList<VictimIdentity> StoredIdentities => Identities.Where(i => !i.IsEmpty).ToList();
}
