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
            .Where(c => StoryConsent.Allows(c.Record))
            .OrderByDescending(c => c.Record.Date.From)
            .Select(c => new StoryCase(c.Record.Id, c.Record.Title, c.Record.Date))
            .ToList();
    }
}
