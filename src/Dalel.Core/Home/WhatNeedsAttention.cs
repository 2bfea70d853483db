using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Register;
using Dalel.Core.Submissions;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Home;

/// <summary>A submission whose deadline is near (or passed within the window), for the home page.</summary>
public sealed record DeadlineDue(Guid Submission, string Title, DateOnly Deadline, int DaysLeft);

/// <summary>A recommendation the Committee selected for follow-up whose information from the State is due soon or overdue.</summary>
public sealed record FollowUpDue(Guid Recommendation, string Symbol, string Paragraph, DateOnly Due, int DaysLeft);

/// <summary>What an organisation's member should look at next; counts only, never case content.</summary>
public sealed record Attention(int ReportsWaiting, int Drafts, IReadOnlyList<DeadlineDue> Deadlines, int RecommendationsNotAssessed)
{
    /// <summary>Follow-up recommendations due within <see cref="WhatNeedsAttention.FollowUpDays"/> days or overdue and not yet judged implemented.</summary>
    public IReadOnlyList<FollowUpDue> FollowUps { get; init; } = [];

    public bool Nothing => ReportsWaiting == 0 && Drafts == 0 && Deadlines.Count == 0 && RecommendationsNotAssessed == 0 && FollowUps.Count == 0;
}

/// <summary>
/// Reports waiting for a reply, cases still drafts, submissions due within <see cref="DeadlineDays"/> days (or overdue
/// by as much), and UN recommendations with no assessment yet — each as far as the member's role may see, through the
/// same use cases the pages use.
/// </summary>
public sealed class WhatNeedsAttention(DalelInstance instance)
{
    public const int DeadlineDays = 60;

    /// <summary>Coalitions send their own follow-up information to the Committee; half a year is the time to prepare it.</summary>
    public const int FollowUpDays = 180;

    public Result<Attention> Run(OrgScope scope)
    {
        if (!scope.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        var today = DateOnly.FromDateTime(instance.Clock.GetUtcNow().UtcDateTime);
        var reports = scope.Can(Capability.HandleIntake) ? new CountAwaitingIntake(instance).Run(scope) : 0;
        var drafts = new SearchCases(instance).Run(scope, new CaseQuery { Codes = new Dictionary<string, string> { [Catalog.CaseStatus] = "draft" }, PageSize = 1 });
        if (!drafts.IsOk)
        {
            return drafts.Error!;
        }

        var submissions = new ListSubmissions(instance).Run(scope);
        var register = new ReadRegister(instance).Run(scope);
        var deadlines = (submissions.IsOk ? submissions.Value : [])
            .Where(s => s.Value.Deadline is { } d && Math.Abs(d.DayNumber - today.DayNumber) <= DeadlineDays)
            .Select(s => new DeadlineDue(s.Id, s.Value.Title, s.Value.Deadline!.Value, s.Value.Deadline!.Value.DayNumber - today.DayNumber))
            .OrderBy(d => d.Deadline)
            .ToList();
        var notAssessed = register.IsOk ? register.Value.Recommendations.Count(r => r.Recommendation.Latest is null) : 0;
        var followUps = (register.IsOk ? register.Value.Recommendations : [])
            .Where(r => r.Recommendation is { FollowUp: true, FollowUpDue: { } due } && due.DayNumber - today.DayNumber <= FollowUpDays
                        && r.Recommendation.Latest?.Status is not ("fully_implemented" or "A"))
            .Select(r => new FollowUpDue(r.Id, r.Recommendation.Symbol, r.Recommendation.Paragraph, r.Recommendation.FollowUpDue!.Value, r.Recommendation.FollowUpDue!.Value.DayNumber - today.DayNumber))
            .OrderBy(f => f.Due)
            .ToList();
        return new Attention(reports, drafts.Value.Total, deadlines, notAssessed) { FollowUps = followUps };
    }
}
