using System.Globalization;
using System.Text.Json;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vault;

namespace Dalel.Core.Demo;

public sealed record DemoSignIn(string Login, string Password, Role Role, string Organisation);

public sealed record DemoCoalition(string Passphrase, IReadOnlyList<Organisation> Organisations, IReadOnlyList<DemoSignIn> SignIns, int Cases);

/// <summary>
/// Fills a new instance with five invented organisations, a member of each role in each, and a few hundred
/// synthetic cases over 2022–2025 whose mix follows the reference submission. Seeded, so every demo is the same.
/// No real person's data: code names and "identities" are visibly synthetic.
/// </summary>
public sealed class BuildDemoCoalition(DalelInstance instance)
{
    public const string Passphrase = "dalel demo passphrase";
    public const string Password = "demo-password";

    /// <summary>The demo organisations' sign-in prefixes and names: sign-ins are "{key}.{role}".</summary>
    public static IReadOnlyList<(string Key, string Name)> Organisations { get; } = DemoProfiles.Organisations.Select(o => (o.Key, o.Name)).ToList();

    private static readonly (string Code, int Weight)[] Regions =
    [
        ("almaty_city", 34), ("astana", 24), ("shymkent", 7), ("karaganda", 6), ("east_kazakhstan", 4), ("pavlodar", 3),
        ("aktobe", 3), ("atyrau", 2), ("kostanay", 2), ("jambyl", 2), ("turkistan", 2), ("mangystau", 2), ("abai", 2),
        ("west_kazakhstan", 2), ("akmola", 1), ("almaty_region", 1), ("north_kazakhstan", 1), ("kyzylorda", 1), ("jetisu", 1), ("ulytau", 1),
    ];

    public Result<DemoCoalition> Run(KdfParameters? kdf = null, Action<int>? progress = null)
    {
        var orgs = DemoProfiles.Organisations;
        var first = orgs[0];
        var init = new InitialiseVault(instance).Run(Passphrase, first.Name, new FirstOwner($"{first.Key}.owner", "Demo owner (" + first.Name + ")", Password), kdf);
        if (!init.IsOk)
        {
            return init.Error!;
        }

        var ids = new Dictionary<string, Guid> { [first.Key] = init.Value.OrganisationId };
        foreach (var org in orgs.Skip(1))
        {
            ids[org.Key] = new CreateOrganisation(instance).Run(org.Name, Audit.Actors.Cli).Value;
        }

        // Every organisation but the last shares its consented cases with the coalition, so both states can be seen.
        foreach (var org in orgs.SkipLast(1))
        {
            new SetCoalitionSharing(instance).Run(OrgScope.Cli(ids[org.Key]), share: true);
        }

        var signIns = new List<DemoSignIn>();
        var addMember = new AddMember(instance);
        foreach (var org in orgs)
        {
            var scope = OrgScope.Cli(ids[org.Key]);
            foreach (var role in Enum.GetValues<Role>())
            {
                var login = $"{org.Key}.{role.ToString().ToLowerInvariant()}";
                if (!(org == first && role == Role.Owner))
                {
                    addMember.Run(scope, login, $"Demo {role.ToString().ToLowerInvariant()} ({org.Name})", Password, role);
                }

                signIns.Add(new DemoSignIn(login, Password, role, org.Name));
            }
        }

        var scenarios = LoadScenarios();
        var random = new Random(20240612);
        var record = new RecordCase(instance);
        var total = 0;
        foreach (var org in orgs)
        {
            var scope = OrgScope.Cli(ids[org.Key]);
            var victimNumber = 0;
            foreach (var (year, count) in org.CasesPerYear)
            {
                foreach (var key in Allocate(org.Weights, count, random))
                {
                    var content = MakeCase(scenarios[key], org, year, ++victimNumber, random);
                    var saved = record.Run(scope, content);
                    if (!saved.IsOk)
                    {
                        throw new InvalidOperationException($"Demo case '{key}' breaks the case rules: {DescribeError(saved.Error!)}");
                    }

                    total++;
                    progress?.Invoke(total);
                }
            }
        }

        new BuildDemoSubmission(instance).Run(ids);
        new BuildDemoIntake(instance).Run(ids[first.Key]);
        var organisations = new ListOrganisations(instance).Run().Value;
        return new DemoCoalition(Passphrase, organisations, signIns, total);
    }

    private static string DescribeError(Error error) =>
        error is Invalid invalid ? string.Join(", ", invalid.Errors.Select(e => $"{e.Field} {e.MessageKey}")) : error.GetType().Name;

    /// <summary>Exact shares by largest remainder, then shuffled, so proportions hold for every year.</summary>
    private static List<string> Allocate(IReadOnlyDictionary<string, int> weights, int count, Random random)
    {
        var sum = weights.Values.Sum();
        var exact = weights.Select(w => (w.Key, Share: (double)w.Value * count / sum)).ToList();
        var counts = exact.ToDictionary(e => e.Key, e => (int)Math.Floor(e.Share));
        foreach (var (key, _) in exact.OrderByDescending(e => e.Share - Math.Floor(e.Share)).ThenBy(e => e.Key, StringComparer.Ordinal).Take(count - counts.Values.Sum()))
        {
            counts[key]++;
        }

        var list = counts.SelectMany(c => Enumerable.Repeat(c.Key, c.Value)).ToList();
        random.Shuffle(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list));
        return list;
    }

    private CaseContent MakeCase(Scenario s, DemoOrganisation org, int year, int number, Random r)
    {
        var catalog = instance.Catalog;
        var regionCode = DemoProfiles.Pick(r, Regions);
        var region = catalog.Geography.FindRegion("KZ", regionCode)!;
        var settlement = region.Settlements.Count > 0 ? region.Settlements[r.Next(region.Settlements.Count)] : null;
        var russian = r.NextDouble() < org.RussianShare;
        var language = russian ? "ru" : "en";
        var city = settlement?.Labels.For(language) ?? StripKind(region.Labels.For(language));
        var texts = russian ? s.Ru : s.En;
        var perps = s.Perps.Select(p => (Type: p[0].GetString()!, Involvement: p[1].GetString()!, Min: p[2][0].GetInt32(), Max: p[2][1].GetInt32())).ToList();
        var n = perps.Count > 0 ? r.Next(perps[0].Min, perps[0].Max + 1) : 1;
        string Fill(string t) => t.Replace("{city}", city, StringComparison.Ordinal)
            .Replace("{n}", n.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("{amount}", (r.Next(5, 50) * 10_000).ToString("N0", CultureInfo.GetCultureInfo("ru-RU")), StringComparison.Ordinal);

        // A day of that year, never after today (the demo may be built early in its last year).
        var today = DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime);
        var lastDay = year < today.Year ? new DateOnly(year, 12, 31) : today;
        var day = new DateOnly(year, 1, 1).AddDays(r.Next(lastDay.DayNumber - new DateOnly(year, 1, 1).DayNumber + 1));
        var monthEnd = new DateOnly(year, day.Month, DateTime.DaysInMonth(year, day.Month));
        var date = r.Next(5) == 0 && monthEnd <= today
            ? new IncidentDate(DatePrecision.Month, new DateOnly(year, day.Month, 1), monthEnd)
            : new IncidentDate(DatePrecision.Day, day, day);
        var when = date.To.AddDays(r.Next(1, 40));
        if (when > today)
        {
            when = today;
        }

        var kind = DemoProfiles.ScenarioVictims[s.Key];
        var victimId = Guid.NewGuid();
        var sogi = kind == VictimKind.Group ? null : org.Victim(r, kind);
        var victim = new Victim
        {
            Id = victimId,
            CodeName = kind == VictimKind.Group ? $"{org.Key.ToUpperInvariant()[..1]}G-{number}" : $"{org.Key.ToUpperInvariant()[..1]}-{year % 100}{number:D3}",
            Age = kind == VictimKind.Group || r.Next(3) == 0 ? null : r.Next(17, 52),
            AgeBand = kind == VictimKind.Group ? null : r.Next(3) == 0 ? "unknown" : null,
            SexualOrientation = sogi?.Orientation,
            GenderIdentity = sogi?.Gender,
            TransStatus = sogi?.Trans,
            GenderExpression = sogi?.Expression,
            SexCharacteristics = sogi?.Intersex,
            SogiescBasis = sogi is null ? null : "self_identified",
            Consents = Consents(r, when),
        };
        var violations = s.Violations.Concat(s.Maybe.Where(_ => r.Next(3) == 0)).ToList();
        var acts = new List<Act>
        {
            new()
            {
                Id = Guid.NewGuid(),
                VictimId = victimId,
                Violations = violations,
                Perpetrators = perps.Select((p, i) => new Perpetrator
                {
                    Type = p.Type,
                    Involvement = p.Involvement,
                    Count = i == 0 ? n : r.Next(p.Min, p.Max + 1),
                }).ToList(),
                Consequences = s.Consequences.Where(_ => r.Next(4) != 0).ToList(),
            },
        };
        var interventions = s.Interventions
            .Where(_ => r.Next(3) != 0)
            .Select(i => new Intervention
            {
                Type = i[0].GetString()!,
                Date = when,
                Response = i[1].GetArrayLength() == 0 ? null : i[1][r.Next(i[1].GetArrayLength())].GetString(),
            })
            .ToList();
        var sources = new List<Source> { new() { Type = kind == VictimKind.Group ? "partner_organisation" : "victim", Reliability = "high", Date = when } };
        if (r.Next(4) == 0)
        {
            sources.Add(new Source { Type = r.Next(2) == 0 ? "witness" : "media", Reliability = "medium", Date = when });
        }

        var identities = kind != VictimKind.Group && r.Next(2) == 0
            ? new List<VictimIdentity> { new() { VictimId = victimId, FullName = $"Demo Person {org.Key}-{number}", Contacts = $"telegram @demo_{org.Key}_{number}" } }
            : [];
        return new CaseContent
        {
            Title = Fill(texts[0]),
            Narrative = Fill(texts[1]),
            Date = date,
            Place = new Place { Country = "KZ", Region = regionCode, Settlement = settlement?.Code },
            Status = r.Next(10) < 7 ? CaseStatus.Verified : CaseStatus.Draft,
            Victims = [victim],
            Acts = acts,
            Sources = sources,
            Interventions = interventions,
            Identities = identities,
            HateCrime = DemoHateCrime(s, violations, StripKind(region.Labels.En)),
        };
    }

    private static readonly HashSet<string> Offences = new(StringComparer.Ordinal)
    {
        "physical_assault", "sexual_violence", "police_violence", "threats", "extortion_blackmail", "fake_dating", "threat_of_outing", "property_damage",
    };

    /// <summary>Decided by the scenario alone (no random draw), so adding it left the demo's figures as they were.</summary>
    private static HateCrimeAssessment? DemoHateCrime(Scenario s, List<string> violations, string region)
    {
        if (!violations.Any(Offences.Contains))
        {
            return null;
        }

        List<string> indicators = violations.Contains("fake_dating") ? ["dating_app_luring", "outing_threat"]
            : violations.Contains("threat_of_outing") || violations.Contains("extortion_blackmail") ? ["outing_threat"]
            : violations.Contains("police_violence") ? ["slurs_or_statements", "lgbti_venue_or_event"]
            : ["slurs_or_statements", "victim_perception"];
        return new HateCrimeAssessment
        {
            CriminalOffence = true,
            BiasIndicators = indicators,
            PublicSummary = s.En[0].Replace("{city}", region, StringComparison.Ordinal) + ".",
        };
    }

    private static List<ConsentGrant> Consents(Random r, DateOnly when)
    {
        var method = r.Next(3) == 0 ? "written" : r.Next(2) == 0 ? "verbal" : "electronic";
        var grants = new List<ConsentGrant> { new() { Use = "internal", Granted = true, Date = when, Method = method } };
        void Maybe(string use, int percent) => grants.Add(new ConsentGrant { Use = use, Granted = r.Next(100) < percent, Date = when, Method = method });
        Maybe("anonymous_statistics", 85);
        Maybe("anonymised_story", 45);
        Maybe("named_publication", 3);
        return grants;
    }

    private static string StripKind(string label) => label.Split(" (")[0];

    private static Dictionary<string, Scenario> LoadScenarios()
    {
        using var stream = typeof(BuildDemoCoalition).Assembly.GetManifestResourceStream("demo/scenarios.json")!;
        return JsonSerializer.Deserialize<List<Scenario>>(stream, Json.Files)!.ToDictionary(s => s.Key);
    }
}
