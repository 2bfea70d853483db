using System.Globalization;
using Dalel.Core.Cases;

namespace Dalel.Web.Api;

// The API's own shapes: what a client sends and receives, kept apart from Core's records so the contract stays
// stable and plain (dates as typed, victims linked by code name, no identities ever).

/// <summary>A case as the API shows it; <see cref="Version"/> must be sent back to update it.</summary>
public sealed record ApiCase(
    Guid Id,
    long Version,
    string? Reference,
    string Title,
    string Narrative,
    string Date,
    string? DateTo,
    ApiPlace Place,
    string Status,
    IReadOnlyList<ApiVictim> Victims,
    IReadOnlyList<ApiAct> Acts,
    IReadOnlyList<ApiSource> Sources,
    IReadOnlyList<ApiIntervention> Interventions,
    ApiHateCrime? HateCrime,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt);

/// <summary>What a client sends to create a case, or to update one (then with the version it read).</summary>
public sealed record ApiCaseInput
{
    /// <summary>For an update: the version the client read; an update of a case changed since is refused (409).</summary>
    public long? Version { get; init; }

    public string? Reference { get; init; }

    public string? Title { get; init; }

    public string? Narrative { get; init; }

    /// <summary>A day (2024-03-15 or 15.03.2024), a month (2024-03) or a year (2024).</summary>
    public string? Date { get; init; }

    /// <summary>For an approximate period: its end, in the same forms.</summary>
    public string? DateTo { get; init; }

    public ApiPlace? Place { get; init; }

    /// <summary>"draft" (default) or "verified".</summary>
    public string? Status { get; init; }

    public IReadOnlyList<ApiVictim>? Victims { get; init; }

    public IReadOnlyList<ApiAct>? Acts { get; init; }

    public IReadOnlyList<ApiSource>? Sources { get; init; }

    public IReadOnlyList<ApiIntervention>? Interventions { get; init; }

    public ApiHateCrime? HateCrime { get; init; }
}

public sealed record ApiPlace(string? Country, string? Region, string? Settlement, string? Locality);

/// <summary>A victim, pseudonymous: the code name links acts to the victim and is the victim's key on update.</summary>
public sealed record ApiVictim(
    string? CodeName,
    int? Age,
    string? AgeBand,
    string? SexualOrientation,
    string? GenderIdentity,
    string? GenderExpression,
    string? SexCharacteristics,
    string? TransStatus,
    string? SogiescBasis,
    IReadOnlyList<ApiConsent>? Consents);

public sealed record ApiConsent(string? Use, bool Granted, DateOnly? Date, string? Method);

/// <summary>What was done to one victim: <see cref="Victim"/> is the victim's code name.</summary>
public sealed record ApiAct(string? Victim, IReadOnlyList<string>? Violations, IReadOnlyList<ApiPerpetrator>? Perpetrators, IReadOnlyList<string>? Consequences, string? ConsequencesNote);

public sealed record ApiPerpetrator(string? Type, string? Involvement, int? Count, string? Description);

public sealed record ApiSource(string? Type, string? Reliability, DateOnly? Date, string? Description);

public sealed record ApiIntervention(string? Type, DateOnly? Date, string? Response, string? Note);

public sealed record ApiHateCrime(bool CriminalOffence, IReadOnlyList<string>? BiasIndicators, string? PublicSummary);

public sealed record ApiCaseSummary(Guid Id, string Title, string Date, string? DateTo, string? Region, string? Settlement, string Status, IReadOnlyList<string> Violations, int Victims, DateTimeOffset UpdatedAt);

public sealed record ApiCasePage(IReadOnlyList<ApiCaseSummary> Items, int Total, int Page, int PageSize, int Pages);

public sealed record ApiCreated(Guid Id, long Version);

public sealed record ApiVocabulary(string Name, string Version, string Description, IReadOnlyList<ApiTerm> Terms);

public sealed record ApiTerm(string Code, string En, string Ru, string Kk, IReadOnlyList<string> Huridocs, IReadOnlyList<string> Iccpr);

/// <summary>A count in a table: null and hidden (with why) where disclosure control withholds it — never a number then.</summary>
public sealed record ApiCount(int? Count, bool Hidden, string? Why);

public sealed record ApiCell(string Code, ApiCount Count);

public sealed record ApiTableRow(string Code, string Label, ApiCount Total, IReadOnlyList<ApiCell>? Cells);

public sealed record ApiTable(string Unit, string Rows, string? Columns, bool Protected, int? Threshold, bool Perturbed, bool Internal, string Note, ApiCount Total, IReadOnlyList<ApiTableRow> Values, IReadOnlyList<string> Sentences);

/// <summary>An overlap table: the lists, and for each combination of lists the number of incidents on exactly those.</summary>
/// <param name="Method">The headline's method: best (the log-linear model BIC chooses; the default), independence, averaged (Bayesian model averaging over decomposable graphs) or latent-class.</param>
public sealed record ApiOverlaps(IReadOnlyList<string>? Lists, IReadOnlyList<ApiOverlapCell>? Cells, string? Method = null);

public sealed record ApiOverlapCell(IReadOnlyList<string>? In, long Count);

public sealed record ApiModelEstimate(string Name, double? Total, double? Lower, double? Upper, double? Aic, double? Bic, IReadOnlyList<string> Warnings);

/// <param name="Best">The log-linear model BIC chooses (null unless the method is best).</param>
/// <param name="Statement">The headline in a sentence, in the caller's language: documented, estimated total, interval, method.</param>
/// <param name="Models">The log-linear models fitted (empty for averaged and latent-class).</param>
/// <param name="Headline">The figure of the method asked for; null when the table allows no estimate.</param>
/// <param name="Notices">What to know before using the figure: sparse cells, lists that barely overlap, chains that did not converge.</param>
public sealed record ApiEstimate(long Documented, string? Best, string? Statement, IReadOnlyList<ApiModelEstimate> Models, ApiHeadline? Headline, IReadOnlyList<string> Notices);

/// <param name="Method">best, independence, averaged or latent-class.</param>
/// <param name="Interval">profile (95% profile likelihood) or credible (95% posterior).</param>
/// <param name="Assumption">What the figure assumes, in plain words.</param>
public sealed record ApiHeadline(string Method, double Total, double? Lower, double? Upper, string Interval, string Assumption);

/// <summary>Between Core's records and the API's shapes, in both directions.</summary>
public static class ApiMapping
{
    public static ApiCase ToApi(CaseRecord r, long version)
    {
        var (from, to) = r.Date.ToInput();
        var names = r.Victims.ToDictionary(v => v.Id, v => v.CodeName);
        return new ApiCase(
            r.Id, version, r.Reference, r.Title, r.Narrative, from, to.Length == 0 ? null : to,
            new ApiPlace(r.Place.Country, r.Place.Region, r.Place.Settlement, r.Place.Locality),
            r.Status == CaseStatus.Verified ? "verified" : "draft",
            r.Victims.Select(v => new ApiVictim(v.CodeName, v.Age, v.AgeBand, v.SexualOrientation, v.GenderIdentity, v.GenderExpression, v.SexCharacteristics, v.TransStatus, v.SogiescBasis,
                v.Consents.Select(c => new ApiConsent(c.Use, c.Granted, c.Date, c.Method)).ToList())).ToList(),
            r.Acts.Select(a => new ApiAct(names.GetValueOrDefault(a.VictimId), a.Violations, a.Perpetrators.Select(p => new ApiPerpetrator(p.Type, p.Involvement, p.Count, p.Description)).ToList(), a.Consequences, a.ConsequencesNote)).ToList(),
            r.Sources.Select(s => new ApiSource(s.Type, s.Reliability, s.Date, s.Description)).ToList(),
            r.Interventions.Select(i => new ApiIntervention(i.Type, i.Date, i.Response, i.Note)).ToList(),
            r.HateCrime is { } h ? new ApiHateCrime(h.CriminalOffence, h.BiasIndicators, h.PublicSummary) : null,
            r.CreatedAt, r.UpdatedAt);
    }

    public static ApiCaseSummary ToApi(CaseSummary s)
    {
        var (from, to) = s.Date.ToInput();
        return new ApiCaseSummary(s.Id, s.Title, from, to.Length == 0 ? null : to, s.Region, s.Settlement, s.Status == CaseStatus.Verified ? "verified" : "draft", s.Violations, s.Victims, s.UpdatedAt);
    }

    /// <summary>
    /// The input as Core's content; what cannot even be read (a date in no known form) is a field error. Victims keep the
    /// ids of <paramref name="existing"/> victims with the same code name, so an update does not make new people.
    /// </summary>
    public static (CaseContent? Content, List<Dalel.Core.FieldError> Errors) ToContent(ApiCaseInput input, IReadOnlyList<Victim> existing, IReadOnlyList<VictimIdentity> identities)
    {
        var errors = new List<Dalel.Core.FieldError>();
        if (string.IsNullOrWhiteSpace(input.Date))
        {
            errors.Add(new("Date", "error.required"));
        }
        else if (!IncidentDate.TryParse(input.Date, input.DateTo, out _))
        {
            errors.Add(new("Date", "error.date_invalid"));
        }

        if (input.Status is { } status && status is not ("draft" or "verified"))
        {
            errors.Add(new("Status", "error.unknown_code"));
        }

        var victims = new List<Victim>();
        foreach (var (v, i) in (input.Victims ?? []).Select((v, i) => (v, i)))
        {
            var id = existing.FirstOrDefault(e => string.Equals(e.CodeName.Trim(), v.CodeName?.Trim(), StringComparison.OrdinalIgnoreCase))?.Id ?? Guid.NewGuid();
            var consents = new List<ConsentGrant>();
            foreach (var (c, j) in (v.Consents ?? []).Select((c, j) => (c, j)))
            {
                if (c.Date is null)
                {
                    errors.Add(new($"Victims[{i}].Consents[{j}].Date", "error.required"));
                    continue;
                }

                consents.Add(new ConsentGrant { Use = c.Use ?? "", Granted = c.Granted, Date = c.Date.Value, Method = c.Method ?? "" });
            }

            victims.Add(new Victim
            {
                Id = id, CodeName = v.CodeName ?? "", Age = v.Age, AgeBand = v.AgeBand, SexualOrientation = v.SexualOrientation, GenderIdentity = v.GenderIdentity,
                GenderExpression = v.GenderExpression, SexCharacteristics = v.SexCharacteristics, TransStatus = v.TransStatus, SogiescBasis = v.SogiescBasis, Consents = consents,
            });
        }

        var acts = new List<Act>();
        foreach (var (a, i) in (input.Acts ?? []).Select((a, i) => (a, i)))
        {
            var victim = victims.FirstOrDefault(v => string.Equals(v.CodeName.Trim(), a.Victim?.Trim(), StringComparison.OrdinalIgnoreCase));
            if (victim is null)
            {
                errors.Add(new($"Acts[{i}].Victim", "error.unknown_victim"));
                continue;
            }

            acts.Add(new Act
            {
                Id = Guid.NewGuid(), VictimId = victim.Id, Violations = a.Violations ?? [],
                Perpetrators = (a.Perpetrators ?? []).Select(p => new Perpetrator { Type = p.Type ?? "", Involvement = p.Involvement, Count = p.Count, Description = p.Description }).ToList(),
                Consequences = a.Consequences ?? [], ConsequencesNote = a.ConsequencesNote,
            });
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        IncidentDate.TryParse(input.Date, input.DateTo, out var date);
        var content = new CaseContent
        {
            Title = input.Title ?? "",
            Reference = input.Reference,
            Narrative = input.Narrative ?? "",
            Date = date!,
            Place = new Place { Country = input.Place?.Country ?? Dalel.Core.Vocabularies.Catalog.Default.Geography.CountryOfRegion(Blank(input.Place?.Region))?.Code ?? "KZ", Region = Blank(input.Place?.Region), Settlement = Blank(input.Place?.Settlement), Locality = Blank(input.Place?.Locality) },
            Status = input.Status == "verified" ? CaseStatus.Verified : CaseStatus.Draft,
            Victims = victims,
            Acts = acts,
            Sources = (input.Sources ?? []).Select(s => new Source { Type = s.Type ?? "", Reliability = s.Reliability, Date = s.Date, Description = s.Description }).ToList(),
            Interventions = (input.Interventions ?? []).Select(v => new Intervention { Type = v.Type ?? "", Date = v.Date, Response = v.Response, Note = v.Note }).ToList(),
            HateCrime = input.HateCrime is { } h ? new HateCrimeAssessment { CriminalOffence = h.CriminalOffence, BiasIndicators = h.BiasIndicators ?? [], PublicSummary = h.PublicSummary } : null,
            // Identities never travel through the API; those of victims still in the case stay as they were.
            Identities = identities.Where(i => victims.Any(v => v.Id == i.VictimId)).ToList(),
        };
        return (content, errors);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    /// <summary>A Core field path ("Victims[0].CodeName") as the JSON path a client sent ("victims[0].codeName").</summary>
    public static string JsonPath(string field) =>
        string.Join('.', field.Split('.').Select(part => part.Length == 0 ? part : char.ToLower(part[0], CultureInfo.InvariantCulture) + part[1..]));
}
