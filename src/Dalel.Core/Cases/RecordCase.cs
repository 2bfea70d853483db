using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

public sealed class RecordCase(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, CaseContent content)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var errors = CaseValidation.Validate(content, instance.Catalog, open.Today);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var record = content.ToRecord(Guid.NewGuid(), scope.OrganisationId, open.Now, open.Now, []);
        open.Change(AuditAction.CaseCreated, record.Id.ToString("D"), (c, t) =>
        {
            CaseWrites.Insert(c, t, open, record, content.StoredIdentities);
            return true;
        });
        return record.Id;
    }
}
