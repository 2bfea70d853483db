using Dalel.Core.Cases;

namespace Dalel.Core.Tests.Support;

/// <summary>Builds case content that passes the rules, to be changed per test with `with`.</summary>
public static class SampleCases
{
    public static CaseContent Valid(string title = "Police detention in Almaty", string narrative = "Officers detained the victim.", string violation = "police_violence")
    {
        var victim = new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = "V-001",
            Age = 24,
            GenderIdentity = "woman",
            TransStatus = "trans",
            SogiescBasis = "self_identified",
            Consents =
            [
                new ConsentGrant { Use = "internal", Granted = true, Date = new DateOnly(2025, 3, 2), Method = "written" },
                new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(2025, 3, 2), Method = "written" },
            ],
        };
        return new CaseContent
        {
            Title = title,
            Narrative = narrative,
            Date = new IncidentDate(DatePrecision.Day, new DateOnly(2025, 3, 1), new DateOnly(2025, 3, 1)),
            Place = new Place { Country = "KZ", Region = "almaty_city" },
            Victims = [victim],
            Acts =
            [
                new Act
                {
                    Id = Guid.NewGuid(),
                    VictimId = victim.Id,
                    Violations = [violation],
                    Perpetrators = [new Perpetrator { Type = "police", Involvement = "carried_out", Count = 2, Description = "two patrol officers" }],
                },
            ],
            Identities = [new VictimIdentity { VictimId = victim.Id, FullName = "Test Person", Contacts = "+7 700 000 0000" }],
        };
    }
}
