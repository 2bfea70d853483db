using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>
/// The case form as typed: strings where users can type anything, so nothing they entered is lost when it does not
/// parse. Rows are added and removed by submit buttons (no script); <see cref="ToContent"/> turns it into Core's model.
/// </summary>
public sealed partial class CaseForm
{
    public string? Title { get; set; }

    public string? Reference { get; set; }

    public string? Narrative { get; set; }

    public string? DateFrom { get; set; }

    public string? DateTo { get; set; }

    /// <summary>The State; a chosen region decides it, so it matters only when no region is given.</summary>
    public string? Country { get; set; }

    public string? Region { get; set; }

    public string? Settlement { get; set; }

    public string? Locality { get; set; }

    public string Status { get; set; } = "draft";

    public long Version { get; set; }

    public List<VictimForm> Victims { get; set; } = [];

    public List<ActForm> Acts { get; set; } = [];

    public List<SourceForm> Sources { get; set; } = [];

    public List<InterventionForm> Interventions { get; set; } = [];

    public bool CriminalOffence { get; set; }

    public List<string> BiasIndicators { get; set; } = [];

    public string? PublicSummary { get; set; }

    public static CaseForm Blank()
    {
        var form = new CaseForm();
        form.Victims.Add(VictimForm.Blank());
        form.Acts.Add(ActForm.Blank());
        return form;
    }

    public static CaseForm From(CaseContent c, long version)
    {
        var (from, to) = c.Date.ToInput();
        var victimIndex = c.Victims.Select((v, i) => (v.Id, i)).ToDictionary(x => x.Id, x => x.i);
        return new CaseForm
        {
            Title = c.Title,
            Reference = c.Reference,
            Narrative = c.Narrative,
            DateFrom = from,
            DateTo = to,
            Country = c.Place.Country,
            Region = c.Place.Region,
            Settlement = c.Place.Settlement,
            Locality = c.Place.Locality,
            Status = c.Status == CaseStatus.Verified ? "verified" : "draft",
            Version = version,
            Victims = c.Victims.Select(v => VictimForm.From(v, c.Identities.FirstOrDefault(i => i.VictimId == v.Id))).ToList(),
            Acts = c.Acts.Select(a => new ActForm
            {
                Id = a.Id,
                Victim = victimIndex.GetValueOrDefault(a.VictimId),
                Violations = [.. a.Violations],
                Consequences = [.. a.Consequences],
                ConsequencesNote = a.ConsequencesNote,
                Perpetrators = a.Perpetrators.Select(p => new PerpetratorForm
                {
                    Type = p.Type,
                    Involvement = p.Involvement,
                    Count = p.Count?.ToString(CultureInfo.InvariantCulture),
                    Description = p.Description,
                }).ToList(),
            }).ToList(),
            Sources = c.Sources.Select(s => new SourceForm { Type = s.Type, Reliability = s.Reliability, Date = Iso(s.Date), Description = s.Description }).ToList(),
            Interventions = c.Interventions.Select(i => new InterventionForm { Type = i.Type, Date = Iso(i.Date), Response = i.Response, Note = i.Note }).ToList(),
            CriminalOffence = c.HateCrime?.CriminalOffence ?? false,
            BiasIndicators = c.HateCrime?.BiasIndicators.ToList() ?? [],
            PublicSummary = c.HateCrime?.PublicSummary,
        };
    }

    /// <summary>Adds or removes a row; returns false for an unknown command.</summary>
    public bool Apply(string command)
    {
        var parts = command.Split('-');
        int Arg(int i) => int.Parse(parts[i], CultureInfo.InvariantCulture);
        switch (parts)
        {
            case ["add", "victim"]:
                Victims.Add(VictimForm.Blank());
                return true;
            case ["remove", "victim", _] when Victims.Count > 1 && Arg(2) < Victims.Count:
                var removed = Arg(2);
                Victims.RemoveAt(removed);
                foreach (var act in Acts)
                {
                    act.Victim = act.Victim == removed ? 0 : act.Victim > removed ? act.Victim - 1 : act.Victim;
                }

                return true;
            case ["add", "act"]:
                Acts.Add(ActForm.Blank());
                return true;
            case ["remove", "act", _] when Acts.Count > 1 && Arg(2) < Acts.Count:
                Acts.RemoveAt(Arg(2));
                return true;
            case ["add", "perpetrator", _] when Arg(2) < Acts.Count:
                Acts[Arg(2)].Perpetrators.Add(new PerpetratorForm());
                return true;
            case ["remove", "perpetrator", _, _] when Arg(2) < Acts.Count && Arg(3) < Acts[Arg(2)].Perpetrators.Count:
                Acts[Arg(2)].Perpetrators.RemoveAt(Arg(3));
                return true;
            case ["add", "source"]:
                Sources.Add(new SourceForm());
                return true;
            case ["remove", "source", _] when Arg(2) < Sources.Count:
                Sources.RemoveAt(Arg(2));
                return true;
            case ["add", "intervention"]:
                Interventions.Add(new InterventionForm());
                return true;
            case ["remove", "intervention", _] when Arg(2) < Interventions.Count:
                Interventions.RemoveAt(Arg(2));
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Parses what was typed. Errors name form fields. Consent decisions are appended to the victim's history
    /// (<paramref name="previous"/>) rather than replacing it, so when consent was given or withdrawn stays on record.
    /// </summary>
    /// <param name="catalog">With <paramref name="today"/>, to report the case rules together with what could not be read.</param>
    public (CaseContent? Content, List<FieldError> Errors) ToContent(IReadOnlyList<Victim> previous, Dalel.Core.Vocabularies.Catalog catalog, DateOnly today)
    {
        var errors = new List<FieldError>();
        if (string.IsNullOrWhiteSpace(DateFrom))
        {
            errors.Add(new FieldError("DateFrom", "error.date_required"));
        }
        else if (!IncidentDate.TryParse(DateFrom, DateTo, out _))
        {
            // Point at the end of a range only when the start itself is fine.
            errors.Add(IncidentDate.TryParse(DateFrom, null, out _)
                ? new FieldError("DateTo", "error.date_range_invalid")
                : new FieldError("DateFrom", "error.date_unreadable"));
        }

        IncidentDate.TryParse(DateFrom, DateTo, out var date);

        var victims = Victims.Select((v, i) => v.ToVictim($"Victims[{i}]", previous.FirstOrDefault(p => p.Id == v.Id), errors)).ToList();
        var acts = Acts.Select((a, i) => new Act
        {
            Id = a.Id,
            VictimId = a.Victim >= 0 && a.Victim < victims.Count ? victims[a.Victim].Id : Guid.Empty,
            Violations = a.Violations.Where(v => v.Length > 0).Distinct().ToList(),
            Consequences = a.Consequences.Where(v => v.Length > 0).Distinct().ToList(),
            ConsequencesNote = Clean(a.ConsequencesNote),
            Perpetrators = a.Perpetrators
                .Select((p, j) => (p, j))
                .Where(x => !x.p.IsEmpty)
                .Select(x => new Perpetrator
                {
                    Type = x.p.Type ?? "",
                    Involvement = Clean(x.p.Involvement),
                    Count = Number(x.p.Count, $"Acts[{i}].Perpetrators[{x.j}].Count", errors),
                    Description = Clean(x.p.Description),
                }).ToList(),
        }).ToList();
        var sources = Sources.Select((s, i) => (s, i)).Where(x => !x.s.IsEmpty).Select(x => new Source
        {
            Type = x.s.Type ?? "",
            Reliability = Clean(x.s.Reliability),
            Date = Day(x.s.Date, $"Sources[{x.i}].Date", errors),
            Description = Clean(x.s.Description),
        }).ToList();
        var interventions = Interventions.Select((s, i) => (s, i)).Where(x => !x.s.IsEmpty).Select(x => new Intervention
        {
            Type = x.s.Type ?? "",
            Date = Day(x.s.Date, $"Interventions[{x.i}].Date", errors),
            Response = Clean(x.s.Response),
            Note = Clean(x.s.Note),
        }).ToList();

        var content = new CaseContent
        {
            Title = Title ?? "",
            Reference = Clean(Reference),
            Narrative = Narrative ?? "",
            // An unreadable date is already an error; a stand-in lets the case rules report everything else at once.
            Date = date ?? new IncidentDate(DatePrecision.Year, new DateOnly(2000, 1, 1), new DateOnly(2000, 12, 31)),
            Place = new Place { Country = StateOf(Clean(Region), Clean(Country)), Region = Clean(Region), Settlement = Clean(Settlement), Locality = Clean(Locality) },
            Status = Status == "verified" ? CaseStatus.Verified : CaseStatus.Draft,
            Victims = victims,
            Acts = acts,
            Sources = sources,
            Interventions = interventions,
            HateCrime = new HateCrimeAssessment { CriminalOffence = CriminalOffence, BiasIndicators = BiasIndicators.Where(b => b.Length > 0).Distinct(StringComparer.Ordinal).ToList(), PublicSummary = Clean(PublicSummary) },
            Identities = Victims.Select((v, i) => new VictimIdentity
            {
                VictimId = victims[i].Id,
                FullName = Clean(v.FullName),
                Contacts = Clean(v.Contacts),
                DocumentNumbers = Clean(v.DocumentNumbers),
            }).ToList(),
        };

        // Every problem in one answer: what could not be read, and the case rules on everything that could, so a
        // documenter corrects the form once rather than once per group of errors.
        if (errors.Count > 0)
        {
            var rules = CaseValidation.Validate(content, catalog, today).Where(r => !(date is null && r.Field == "DateFrom"));
            errors.AddRange(rules.Where(r => errors.All(e => e.Field != r.Field)));
            return (null, errors);
        }

        return (content, errors);
    }

    /// <summary>
    /// The name a documenter sees for a form field ("Victims 2: Code name"), for the list of errors at the top of the
    /// form; a field without a label of its own is named by its section.
    /// </summary>
    public static string Label(string key, Func<string, string> text)
    {
        var field = key.StartsWith("Form.", StringComparison.Ordinal) ? key["Form.".Length..] : key;
        string Snake(string name) => string.Concat(name.Select((c, i) => char.IsUpper(c) && i > 0 ? "_" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
        var part = PartField().Match(field);
        if (part.Success)
        {
            var (section, prefix) = part.Groups[1].Value switch
            {
                "Victims" => ("case.victims", "victim."),
                "Acts" => ("case.acts", "act."),
                "Sources" => ("case.sources", "source."),
                _ => ("case.interventions", "intervention."),
            };
            var name = part.Groups[3].Value.Split('.')[0].Split('[')[0];
            var own = prefix + Snake(name);
            var where = $"{text(section)} {int.Parse(part.Groups[2].Value, CultureInfo.InvariantCulture) + 1}";
            return Dalel.Core.Text.Texts.Has(own) ? $"{where}: {text(own)}" : where;
        }

        var caseKey = "case." + Snake(field switch { "DateFrom" => "Date", _ => field });
        return Dalel.Core.Text.Texts.Has(caseKey) ? text(caseKey) : field;
    }

    [GeneratedRegex(@"^(Victims|Acts|Sources|Interventions)\[(\d+)\]\.?(.*)$")]
    private static partial Regex PartField();

    /// <summary>Core names a few fields differently from the form.</summary>
    public static string FormField(string coreField) => coreField switch
    {
        "Place.Region" => "Region",
        "Place.Country" => "Country",
        "Place.Settlement" => "Settlement",
        "Place.Locality" => "Locality",
        _ => ActVictim().Replace(coreField, "$1.Victim"),
    };

    [GeneratedRegex(@"^(Acts\[\d+\])\.VictimId$")]
    private static partial Regex ActVictim();

    /// <summary>Region codes are unique across States, so a chosen region names its State; else the State chosen, else Kazakhstan.</summary>
    private static string StateOf(string? region, string? country) =>
        Dalel.Core.Vocabularies.Catalog.Default.Geography.CountryOfRegion(region)?.Code ?? country?.ToUpperInvariant() ?? "KZ";

    internal static string? Clean(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    internal static string? Iso(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    internal static int? Number(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        errors.Add(new FieldError(field, "error.number"));
        return null;
    }

    internal static DateOnly? Day(string? text, string field, List<FieldError> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (IncidentDate.TryParse(text, null, out var d) && d!.Precision == DatePrecision.Day)
        {
            return d.From;
        }

        errors.Add(new FieldError(field, "error.date_invalid"));
        return null;
    }
}

public sealed class VictimForm
{
    public Guid Id { get; set; } = Guid.NewGuid();

    public string? CodeName { get; set; }

    public string? Age { get; set; }

    public string? AgeBand { get; set; }

    public string? SexualOrientation { get; set; }

    public string? GenderIdentity { get; set; }

    public string? GenderExpression { get; set; }

    public string? SexCharacteristics { get; set; }

    public string? TransStatus { get; set; }

    public string? SogiescBasis { get; set; }

    public string? FullName { get; set; }

    public string? Contacts { get; set; }

    public string? DocumentNumbers { get; set; }

    public List<ConsentForm> Consents { get; set; } = [];

    public static VictimForm Blank() => new() { Consents = Catalog.Default[Catalog.ConsentUses].Terms.Select(t => new ConsentForm { Use = t.Code }).ToList() };

    public static VictimForm From(Victim v, VictimIdentity? identity) => new()
    {
        Id = v.Id,
        CodeName = v.CodeName,
        Age = v.Age?.ToString(CultureInfo.InvariantCulture),
        AgeBand = v.AgeBand,
        SexualOrientation = v.SexualOrientation,
        GenderIdentity = v.GenderIdentity,
        GenderExpression = v.GenderExpression,
        SexCharacteristics = v.SexCharacteristics,
        TransStatus = v.TransStatus,
        SogiescBasis = v.SogiescBasis,
        FullName = identity?.FullName,
        Contacts = identity?.Contacts,
        DocumentNumbers = identity?.DocumentNumbers,
        Consents = Catalog.Default[Catalog.ConsentUses].Terms.Select(t =>
        {
            var latest = v.Consents.Where(c => c.Use == t.Code).OrderBy(c => c.Date).LastOrDefault();
            return new ConsentForm
            {
                Use = t.Code,
                Decision = latest is null ? null : latest.Granted ? "granted" : "refused",
                Date = CaseForm.Iso(latest?.Date),
                Method = latest?.Method,
            };
        }).ToList(),
    };

    internal Victim ToVictim(string prefix, Victim? previous, List<FieldError> errors)
    {
        var history = previous?.Consents.ToList() ?? [];
        for (var j = 0; j < Consents.Count; j++)
        {
            var c = Consents[j];
            if (c.Decision is not ("granted" or "refused") || string.IsNullOrEmpty(c.Use))
            {
                continue;
            }

            var when = CaseForm.Day(c.Date, $"{prefix}.Consents[{j}].Date", errors);
            if (when is null)
            {
                if (string.IsNullOrWhiteSpace(c.Date))
                {
                    errors.Add(new FieldError($"{prefix}.Consents[{j}].Date", "error.required"));
                }

                continue;
            }

            var grant = new ConsentGrant { Use = c.Use, Granted = c.Decision == "granted", Date = when.Value, Method = c.Method ?? "" };
            var latest = history.Where(h => h.Use == c.Use).OrderBy(h => h.Date).LastOrDefault();
            if (latest != grant)
            {
                history.Add(grant);
            }
        }

        return new Victim
        {
            Id = Id,
            CodeName = CodeName?.Trim() ?? "",
            Age = CaseForm.Number(Age, $"{prefix}.Age", errors),
            AgeBand = CaseForm.Clean(AgeBand),
            SexualOrientation = CaseForm.Clean(SexualOrientation),
            GenderIdentity = CaseForm.Clean(GenderIdentity),
            GenderExpression = CaseForm.Clean(GenderExpression),
            SexCharacteristics = CaseForm.Clean(SexCharacteristics),
            TransStatus = CaseForm.Clean(TransStatus),
            SogiescBasis = CaseForm.Clean(SogiescBasis),
            Consents = history,
        };
    }
}

public sealed class ConsentForm
{
    public string Use { get; set; } = "";

    /// <summary>"granted", "refused" or empty (not asked).</summary>
    public string? Decision { get; set; }

    public string? Date { get; set; }

    public string? Method { get; set; }
}

public sealed class ActForm
{
    public Guid Id { get; set; } = Guid.NewGuid();

    /// <summary>Index of the victim in the form's victim list.</summary>
    public int Victim { get; set; }

    public List<string> Violations { get; set; } = [];

    public List<PerpetratorForm> Perpetrators { get; set; } = [];

    public List<string> Consequences { get; set; } = [];

    public string? ConsequencesNote { get; set; }

    public static ActForm Blank() => new() { Perpetrators = [new PerpetratorForm()] };
}

public sealed class PerpetratorForm
{
    public string? Type { get; set; }

    public string? Involvement { get; set; }

    public string? Count { get; set; }

    public string? Description { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Type) && string.IsNullOrWhiteSpace(Involvement) && string.IsNullOrWhiteSpace(Count) && string.IsNullOrWhiteSpace(Description);
}

public sealed class SourceForm
{
    public string? Type { get; set; }

    public string? Reliability { get; set; }

    public string? Date { get; set; }

    public string? Description { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Type) && string.IsNullOrWhiteSpace(Reliability) && string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Description);
}

public sealed class InterventionForm
{
    public string? Type { get; set; }

    public string? Date { get; set; }

    public string? Response { get; set; }

    public string? Note { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Type) && string.IsNullOrWhiteSpace(Date) && string.IsNullOrWhiteSpace(Response) && string.IsNullOrWhiteSpace(Note);
}
