using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

public sealed class UpdateCase(DalelInstance instance)
{
    /// <param name="expectedVersion">The version the user edited; if someone saved since, the update is refused so neither edit is lost silently.</param>
    public Result<Done> Run(OrgScope scope, Guid caseId, long expectedVersion, CaseContent content)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var stored = open.Case(caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        var errors = CaseValidation.Validate(content, instance.Catalog, open.Today);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (stored.Version != expectedVersion)
        {
            return new EditConflict();
        }

        var was = stored.Record;
        var record = content.ToRecord(caseId, scope.OrganisationId, was.CreatedAt, open.Now, was.Files) with { ImportBatch = was.ImportBatch };
        var saved = open.Change(AuditAction.CaseUpdated, caseId.ToString("D"), (c, t) => CaseWrites.Replace(c, t, open, record, content.StoredIdentities, expectedVersion));
        return saved ? Done.Value : new EditConflict();
    }
}
