namespace Dalel.Core.Demo;

/// <summary>Who the victim of a scenario is, so the story's pronouns and the SOGIESC fields agree.</summary>
internal enum VictimKind
{
    Man,
    Woman,
    Anyone,
    Group,
}

/// <summary>A demo organisation, modelled on the kinds of groups in the reference submission (names are invented).</summary>
internal sealed record DemoOrganisation(
    string Key,
    string Name,
    IReadOnlyDictionary<string, int> Weights,
    IReadOnlyDictionary<int, int> CasesPerYear,
    double RussianShare,
    Func<Random, VictimKind, DemoVictim> Victim);

internal sealed record DemoVictim(string? Orientation, string? Gender, string? Trans, string? Expression = null, string? Intersex = null);

internal static class DemoProfiles
{
    public static readonly IReadOnlyDictionary<string, VictimKind> ScenarioVictims = new Dictionary<string, VictimKind>
    {
        ["fake_dating"] = VictimKind.Man, ["police_detention"] = VictimKind.Woman, ["police_extortion"] = VictimKind.Man,
        ["raid"] = VictimKind.Man, ["lgr_refusal"] = VictimKind.Woman, ["medical_commission"] = VictimKind.Anyone,
        ["health_denied"] = VictimKind.Woman, ["employment"] = VictimKind.Man, ["students"] = VictimKind.Woman,
        ["family"] = VictimKind.Woman, ["street"] = VictimKind.Woman, ["media_outing"] = VictimKind.Man,
        ["online_hate"] = VictimKind.Woman, ["mp_speech"] = VictimKind.Group, ["assembly"] = VictimKind.Group,
        ["registration"] = VictimKind.Group, ["unregistered"] = VictimKind.Anyone, ["blocking"] = VictimKind.Group,
        ["consultations"] = VictimKind.Group, ["housing"] = VictimKind.Anyone,
    };

    public static string Pick(Random r, params (string Code, int Weight)[] options)
    {
        var roll = r.Next(options.Sum(o => o.Weight));
        foreach (var (code, weight) in options)
        {
            if ((roll -= weight) < 0)
            {
                return code;
            }
        }

        return options[^1].Code;
    }

    // Police scenarios (police_detention, police_extortion, raid) are exactly half the trans initiative's mix, as in
    // the submission ("out of 112 documented cases in 2024, 56 involved ... police"); fake dating leads the health NGO's.
    public static readonly IReadOnlyList<DemoOrganisation> Organisations =
    [
        new("trans", "Qadam Trans Initiative",
            new Dictionary<string, int> { ["police_detention"] = 25, ["police_extortion"] = 15, ["raid"] = 10, ["lgr_refusal"] = 15, ["medical_commission"] = 8, ["health_denied"] = 8, ["family"] = 7, ["employment"] = 7, ["street"] = 5 },
            new Dictionary<int, int> { [2022] = 29, [2023] = 45, [2024] = 112, [2025] = 30 }, 0.7,
            (r, kind) => new DemoVictim(Pick(r, ("heterosexual", 3), ("bisexual", 2), ("queer", 2), ("not_disclosed", 3)),
                kind == VictimKind.Man ? "man" : kind == VictimKind.Woman ? "woman" : Pick(r, ("woman", 5), ("man", 3), ("non_binary", 2)), "trans",
                Intersex: r.Next(40) == 0 ? "intersex" : null)),
        new("health", "Saule Health and Rights Centre",
            new Dictionary<string, int> { ["fake_dating"] = 35, ["police_extortion"] = 12, ["police_detention"] = 5, ["raid"] = 3, ["street"] = 10, ["media_outing"] = 8, ["health_denied"] = 8, ["employment"] = 7, ["family"] = 6, ["online_hate"] = 3, ["housing"] = 3 },
            new Dictionary<int, int> { [2022] = 26, [2023] = 30, [2024] = 40, [2025] = 20 }, 0.6,
            (r, kind) => kind == VictimKind.Woman
                ? new DemoVictim(Pick(r, ("heterosexual", 2), ("bisexual", 1), ("not_disclosed", 1)), "woman", "trans")
                : new DemoVictim(Pick(r, ("gay", 6), ("bisexual", 2), ("queer", 1), ("not_disclosed", 1)), "man", "not_trans")),
        new("education", "Bilim Education Community",
            new Dictionary<string, int> { ["students"] = 20, ["online_hate"] = 15, ["mp_speech"] = 10, ["police_detention"] = 10, ["raid"] = 5, ["police_extortion"] = 5, ["street"] = 10, ["family"] = 10, ["employment"] = 5, ["consultations"] = 5, ["media_outing"] = 5 },
            new Dictionary<int, int> { [2022] = 41, [2023] = 25, [2024] = 30, [2025] = 15 }, 0.5,
            (r, kind) => new DemoVictim(
                kind == VictimKind.Man ? Pick(r, ("gay", 3), ("bisexual", 1)) : Pick(r, ("lesbian", 3), ("bisexual", 2), ("queer", 1), ("pansexual", 1)),
                kind == VictimKind.Man ? "man" : kind == VictimKind.Woman ? "woman" : Pick(r, ("woman", 2), ("man", 2), ("non_binary", 1)),
                r.Next(5) == 0 ? "trans" : "not_trans", Pick(r, ("feminine", 2), ("masculine", 2), ("androgynous", 1), ("gender_nonconforming", 1)))),
        new("legal", "Adal Legal Aid Group",
            new Dictionary<string, int> { ["registration"] = 20, ["unregistered"] = 20, ["assembly"] = 15, ["police_detention"] = 15, ["lgr_refusal"] = 10, ["employment"] = 10, ["consultations"] = 10 },
            new Dictionary<int, int> { [2022] = 8, [2023] = 10, [2024] = 12, [2025] = 8 }, 0.8,
            (r, kind) => new DemoVictim(Pick(r, ("gay", 2), ("lesbian", 2), ("bisexual", 1), ("not_disclosed", 2)),
                kind == VictimKind.Man ? "man" : kind == VictimKind.Woman ? "woman" : Pick(r, ("woman", 1), ("man", 1)), Pick(r, ("trans", 1), ("not_trans", 3)))),
        new("feminist", "Tolqyn Feminist Collective",
            new Dictionary<string, int> { ["assembly"] = 25, ["students"] = 15, ["online_hate"] = 20, ["family"] = 20, ["mp_speech"] = 10, ["street"] = 10 },
            new Dictionary<int, int> { [2022] = 6, [2023] = 8, [2024] = 10, [2025] = 8 }, 0.6,
            (r, kind) => new DemoVictim(Pick(r, ("lesbian", 4), ("bisexual", 4), ("queer", 2)), kind == VictimKind.Man ? "man" : "woman", "not_trans")),
    ];
}
