namespace Dalel.Web.Tests.Support;

/// <summary>A linkage between the two test organisations, for the pages that show one.</summary>
internal static class LinkageSteps
{
    /// <summary>Both organisations documented the same incidents (four unless asked); each has two of its own as well; the linkage result is imported, nothing decided.</summary>
    public static void ImportLinkageOfSharedIncidents(DalelApp app, bool blocking, int shared = 4)
    {
        RecordSharedIncidents(app, shared);
        ImportLinkage(app, blocking);
    }

    /// <summary>Both organisations documented the same incidents; each has two of its own as well.</summary>
    public static void RecordSharedIncidents(DalelApp app, int shared = 4)
    {
        string[] regions = ["astana", "almaty_city", "shymkent", "karaganda", "pavlodar", "aktobe", "atyrau", "kostanay"];
        void Record(Guid org, int i) => new Dalel.Core.Cases.RecordCase(app.Instance).Run(DalelApp.Owner(org), SampleCaseOn(i, regions[i % regions.Length]));
        for (var i = 0; i < shared; i++)
        {
            Record(app.OrgA, i);
            Record(app.OrgB, i);
        }

        Record(app.OrgA, shared);
        Record(app.OrgA, shared + 1);
        Record(app.OrgB, shared + 2);
        Record(app.OrgB, shared + 3);
    }

    /// <summary>Both organisations encode their cases as they stand, the linkage is run and its result imported.</summary>
    public static void ImportLinkage(DalelApp app, bool blocking)
    {
        var secret = Enumerable.Range(0, 32).Select(i => (byte)(i * 5 + 1)).ToArray();
        var files = new[] { app.OrgA, app.OrgB }.Select(org => new Dalel.Core.Linkage.EncodeForLinkage(app.Instance).Run(DalelApp.Owner(org), secret).Value).ToList();
        var result = Dalel.Core.Linkage.MatchEncodings.Run(files, blocking: blocking).Value;
        Assert.True(new Dalel.Core.Linkage.ImportLinkageResult(app.Instance).Run(DalelApp.Owner(app.OrgA), result.ToJson()).IsOk);
    }

    private static Dalel.Core.Cases.CaseContent SampleCaseOn(int day, string region)
    {
        var victim = new Dalel.Core.Cases.Victim { Id = Guid.NewGuid(), CodeName = $"V{day}" };
        var date = new DateOnly(2024, 3, 1).AddDays(day * 17);
        return new Dalel.Core.Cases.CaseContent
        {
            Title = $"Case {day}",
            Date = new Dalel.Core.Cases.IncidentDate(Dalel.Core.Cases.DatePrecision.Day, date, date),
            Place = new Dalel.Core.Cases.Place { Region = region },
            Victims = [victim with { Age = 20 + day }],
            Acts = [new Dalel.Core.Cases.Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = ["raid"], Perpetrators = [new Dalel.Core.Cases.Perpetrator { Type = "police", Count = 1 }] }],
            Identities = [new Dalel.Core.Cases.VictimIdentity { VictimId = victim.Id, FullName = $"Name{day} Surname{day}" }],
        };
    }
}
