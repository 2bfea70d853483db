using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

/// <param name="Version">Pass back to <see cref="UpdateCase"/> to detect a concurrent edit.</param>
public sealed record CaseView(CaseRecord Record, long Version, bool HasIdentities);

public sealed class GetCase(DalelInstance instance)
{
    public Result<CaseView> Run(OrgScope scope, Guid caseId)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var stored = opened.Value.Case(caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        return new CaseView(Redaction.For(scope, stored.Record), stored.Version, scope.Can(Capability.ReadIdentities) && stored.Identities.Count > 0);
    }

    /// <summary>The full case with identities, for editing; writing requires seeing what one writes over.</summary>
    public Result<(CaseContent Content, long Version)> ForEdit(OrgScope scope, Guid caseId, bool audit = true)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var stored = opened.Value.Case(caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        if (audit)
        {
            opened.Value.Audit(AuditAction.IdentityViewed, caseId.ToString("D"));
        }

        return (CaseContent.From(stored.Record, stored.Identities), stored.Version);
    }
}
