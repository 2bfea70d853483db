using Dalel.Core.Cases;
using Dalel.Core.Members;

namespace Dalel.Core.Submissions;

public sealed record StoryCase(Guid Id, string Title, IncidentDate Date);

/// <summary>The organisation's cases a story may be told from: every victim consents to an anonymised story.</summary>
public sealed class ListStoryCases(DalelInstance instance)
{
    public Result<IReadOnlyList<StoryCase>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReadNarratives);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return opened.Value.Cases
            .Select(c => c.Record)
            .Where(StoryConsent.Allows)
            .OrderByDescending(r => r.Date.From)
            .Select(r => new StoryCase(r.Id, r.Title, r.Date))
            .ToList();
    }
}
