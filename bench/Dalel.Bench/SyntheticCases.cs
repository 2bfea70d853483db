using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Bench;

/// <summary>
/// Synthetic cases with skewed, realistic-looking distributions: most cases have one victim and one act, some have
/// several acts and perpetrators; violations and regions follow a long tail. Seeded, so every run is the same.
/// </summary>
internal sealed class SyntheticCases(int seed)
{
    private readonly Random _random = new(seed);
    private readonly string[] _violations = Catalog.Default[Catalog.Violations].Terms.Select(t => t.Code).ToArray();
    private readonly string[] _perpetrators = Catalog.Default[Catalog.PerpetratorTypes].Terms.Select(t => t.Code).ToArray();
    private readonly string[] _regions = Catalog.Default.Geography.FindCountry("KZ")!.Regions.Select(r => r.Code).ToArray();
    private readonly string[] _orientations = Catalog.Default[Catalog.SexualOrientation].Terms.Select(t => t.Code).ToArray();
    private readonly string[] _genders = Catalog.Default[Catalog.GenderIdentity].Terms.Select(t => t.Code).ToArray();

    /// <summary>Index drawn with probability falling as 1/(i+1): a few values are common, many are rare.</summary>
    private T Skewed<T>(T[] values)
    {
        var weights = values.Select((_, i) => 1.0 / (i + 1)).ToArray();
        var roll = _random.NextDouble() * weights.Sum();
        for (var i = 0; i < values.Length; i++)
        {
            if ((roll -= weights[i]) < 0)
            {
                return values[i];
            }
        }

        return values[^1];
    }

    public CaseRecord Next(Guid organisation)
    {
        var year = 2018 + _random.Next(8);
        var day = new DateOnly(year, 1, 1).AddDays(_random.Next(365));
        var victims = Enumerable.Range(0, _random.Next(10) == 0 ? 2 : 1).Select(i => new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = $"V-{_random.Next(100_000)}",
            Age = _random.Next(3) == 0 ? null : 16 + _random.Next(50),
            SexualOrientation = _random.Next(4) == 0 ? null : Skewed(_orientations),
            GenderIdentity = _random.Next(4) == 0 ? null : Skewed(_genders),
            TransStatus = _random.Next(3) == 0 ? "trans" : null,
            Consents = [new ConsentGrant { Use = "anonymous_statistics", Granted = _random.Next(10) != 0, Date = day, Method = "written" }],
        }).ToList();
        var acts = Enumerable.Range(0, _random.Next(6) == 0 ? 1 + _random.Next(3) : 1).Select(_ => new Act
        {
            Id = Guid.NewGuid(),
            VictimId = victims[_random.Next(victims.Count)].Id,
            Violations = Enumerable.Range(0, 1 + _random.Next(2)).Select(_ => Skewed(_violations)).Distinct().ToList(),
            Perpetrators = Enumerable.Range(0, _random.Next(5) == 0 ? 2 : 1).Select(_ => new Perpetrator { Type = Skewed(_perpetrators), Count = 1 + _random.Next(3) }).ToList(),
        }).ToList();
        return new CaseRecord
        {
            Id = Guid.NewGuid(),
            OrganisationId = organisation,
            Title = $"Synthetic case {_random.Next(1_000_000)}",
            Narrative = "Сотрудники полиции задержали пострадавшего и потребовали деньги под угрозой аутинга; synthetic narrative.",
            Date = new IncidentDate(DatePrecision.Day, day, day),
            Place = new Place { Region = Skewed(_regions) },
            Status = _random.Next(3) == 0 ? CaseStatus.Draft : CaseStatus.Verified,
            Victims = victims,
            Acts = acts,
            Interventions = _random.Next(3) == 0 ? [new Intervention { Type = "complaint_police", Response = "refused_to_register" }] : [],
            CreatedAt = DateTimeOffset.UnixEpoch,
            UpdatedAt = DateTimeOffset.UnixEpoch,
        };
    }
}
