using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Register;
using Dalel.Core.Submissions;

namespace Dalel.Web.Tests.Support;

/// <summary>
/// A case recorded straight through Core, with a marker in its narrative, an identity and a file, and a submission
/// telling the case's story (the story carries the narrative marker), and a report through the organisation's public
/// form (which carries it too).
/// </summary>
public sealed record SeededCase(Guid Org, Guid Id, Guid FileId, string Title, string NarrativeMarker, string IdentityMarker, Guid SubmissionId, Guid IntakeReportId, Guid RecommendationId);

public static class Seeded
{
    /// <summary>The address of the public form the first <see cref="Case"/> of an organisation turns on: /report/{slug}.</summary>
    public static string IntakeSlug(string label, Guid org) => $"seed-{label}-{org:N}"[..30];

    public static SeededCase Case(DalelApp app, Guid org, string label)
    {
        var victim = new Victim
        {
            Id = Guid.NewGuid(),
            CodeName = $"CODE-{label}",
            Consents =
            [
                new ConsentGrant { Use = "internal", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
                new ConsentGrant { Use = "anonymised_story", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
                new ConsentGrant { Use = "anonymous_statistics", Granted = true, Date = new DateOnly(2024, 5, 1), Method = "written" },
            ],
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
        var submission = new CreateSubmission(app.Instance).Run(DalelApp.Owner(org), new SubmissionHeader { Title = $"Submission {label}", Mechanism = "ccpr" }).Value;
        new EditSubmission(app.Instance).Run(DalelApp.Owner(org), submission, 1, s => SubmissionEdits.AddParagraph(s, s.Sections[1].Id, new Paragraph
        {
            Id = Guid.NewGuid(),
            Story = new CaseStory { Case = id, Text = $"Story: {narrative}" },
        }));
        var slug = IntakeSlug(label, org);
        var form = new GetIntakeSettings(app.Instance).Run(DalelApp.Owner(org)).Value;
        if (form.Version == 0)
        {
            Assert.True(new ConfigureIntake(app.Instance).Run(DalelApp.Owner(org), DefaultIntake.Settings() with { Enabled = true, Slug = slug, PublicName = "Seed" }, 0).IsOk);
        }
        else
        {
            slug = form.Settings.Slug;
        }

        Assert.True(new SubmitIntakeReport(app.Instance).Run(slug, new Dictionary<string, string?> { ["what"] = $"Report: {narrative}" }, "en").IsOk);
        var report = new ListIntakeReports(app.Instance).Run(DalelApp.Owner(org)).Value[0].Id;
        var recommendation = new SaveRegisterEntry<Recommendation>(app.Instance).Run(DalelApp.Owner(org), null, 0,
            new Recommendation { Mechanism = "ccpr", Body = "Human Rights Committee", Symbol = "CCPR/C/KAZ/CO/3", Paragraph = "10", Text = $"Recommendation {label}" }).Value;
        return new SeededCase(org, id, file, title, narrative, identity, submission, report, recommendation);
    }
}
