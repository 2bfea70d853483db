namespace Dalel.Core.Cases;

public enum CaseStatus
{
    Draft,
    Verified,
}

/// <summary>
/// An event in the HURIDOCS sense: what happened, when and where, made of acts against victims by perpetrators.
/// The whole record is sealed as one ciphertext; victims' identifying data is sealed apart (<see cref="VictimIdentity"/>).
/// </summary>
public sealed record CaseRecord
{
    public required Guid Id { get; init; }

    public required Guid OrganisationId { get; init; }

    public required string Title { get; init; }

    /// <summary>The organisation's own reference for the case (its number in an earlier sheet), matched when a sheet is imported again.</summary>
    public string? Reference { get; init; }

    /// <summary>The sheet import that created or last updated the case, if any.</summary>
    public Guid? ImportBatch { get; init; }

    public string Narrative { get; init; } = "";

    public required IncidentDate Date { get; init; }

    public required Place Place { get; init; }

    public CaseStatus Status { get; init; }

    public IReadOnlyList<Victim> Victims { get; init; } = [];

    public IReadOnlyList<Act> Acts { get; init; } = [];

    public IReadOnlyList<Source> Sources { get; init; } = [];

    public IReadOnlyList<Intervention> Interventions { get; init; } = [];

    public IReadOnlyList<EvidenceFile> Files { get; init; } = [];

    public HateCrimeAssessment? HateCrime { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    public DateTimeOffset UpdatedAt { get; init; }

    public Victim? FindVictim(Guid id) => Victims.FirstOrDefault(v => v.Id == id);
}

public sealed record Place
{
    public string Country { get; init; } = "KZ";

    public string? Region { get; init; }

    public string? Settlement { get; init; }

    /// <summary>District, village or venue type, in the documenter's words.</summary>
    public string? Locality { get; init; }
}

/// <summary>A pseudonymous person. Self-identified SOGIESC facts are separate fields, never one conflated list.</summary>
public sealed record Victim
{
    public required Guid Id { get; init; }

    public required string CodeName { get; init; }

    public int? Age { get; init; }

    public string? AgeBand { get; init; }

    public string? SexualOrientation { get; init; }

    public string? GenderIdentity { get; init; }

    public string? GenderExpression { get; init; }

    public string? SexCharacteristics { get; init; }

    public string? TransStatus { get; init; }

    /// <summary>How the SOGIESC fields were recorded: self-identified, reported by someone else, perceived by the perpetrator.</summary>
    public string? SogiescBasis { get; init; }

    public IReadOnlyList<ConsentGrant> Consents { get; init; } = [];

    /// <summary>The latest recorded decision for a use decides; no record means no consent.</summary>
    public bool Allows(string use)
    {
        // The latest decision for the use (of two on one day, the later recorded); a loop, as statistics and exports
        // ask this of every victim of a million cases.
        ConsentGrant? latest = null;
        foreach (var grant in Consents)
        {
            if (grant.Use == use && (latest is null || grant.Date >= latest.Date))
            {
                latest = grant;
            }
        }

        return latest?.Granted ?? false;
    }

    /// <summary>The age band, from the recorded age when the band was not given.</summary>
    public string? EffectiveAgeBand => AgeBand ?? BandOf(Age);

    /// <summary>The age band a recorded age falls in.</summary>
    public static string? BandOf(int? age) => age switch
    {
        null => null,
        < 18 => "under_18",
        < 25 => "18_24",
        < 35 => "25_34",
        < 45 => "35_44",
        < 55 => "45_54",
        _ => "55_plus",
    };
}

/// <summary>A victim's decision about one use of their case, with when and how it was obtained.</summary>
public sealed record ConsentGrant
{
    public required string Use { get; init; }

    public bool Granted { get; init; }

    public required DateOnly Date { get; init; }

    public required string Method { get; init; }
}

/// <summary>Identifying data, sealed apart from the case and shown only to owners and documenters.</summary>
public sealed record VictimIdentity
{
    public required Guid VictimId { get; init; }

    public string? FullName { get; init; }

    public string? Contacts { get; init; }

    public string? DocumentNumbers { get; init; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(FullName) && string.IsNullOrWhiteSpace(Contacts) && string.IsNullOrWhiteSpace(DocumentNumbers);
}

public sealed record Act
{
    public required Guid Id { get; init; }

    public required Guid VictimId { get; init; }

    public IReadOnlyList<string> Violations { get; init; } = [];

    public IReadOnlyList<Perpetrator> Perpetrators { get; init; } = [];

    public IReadOnlyList<string> Consequences { get; init; } = [];

    public string? ConsequencesNote { get; init; }
}

public sealed record Perpetrator
{
    public required string Type { get; init; }

    public string? Involvement { get; init; }

    public int? Count { get; init; }

    public string? Description { get; init; }
}

public sealed record Source
{
    public required string Type { get; init; }

    public string? Reliability { get; init; }

    public DateOnly? Date { get; init; }

    public string? Description { get; init; }
}

public sealed record Intervention
{
    public required string Type { get; init; }

    public DateOnly? Date { get; init; }

    public string? Response { get; init; }

    public string? Note { get; init; }
}

/// <summary>
/// The documenter's view on ODIHR's two tests: was a criminal offence committed, and what points to anti-LGBTI bias.
/// The summary is written for publication, without names, exact dates or places.
/// </summary>
public sealed record HateCrimeAssessment
{
    public bool CriminalOffence { get; init; }

    public IReadOnlyList<string> BiasIndicators { get; init; } = [];

    public string? PublicSummary { get; init; }
}

/// <summary>Metadata of an evidence file; the content is sealed in its own row. Sha256 is of the original bytes at upload.</summary>
public sealed record EvidenceFile
{
    public required Guid Id { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public required long Size { get; init; }

    public required string Sha256 { get; init; }

    public required DateTimeOffset UploadedAt { get; init; }

    /// <summary>For a working copy: the evidentiary original it was made from, which stays as uploaded.</summary>
    public Guid? DerivedFrom { get; init; }

    /// <summary>For a working copy: what was done to the original ("metadata_removed").</summary>
    public string? Derivation { get; init; }
}
