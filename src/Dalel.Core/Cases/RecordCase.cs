using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Cases;

public sealed class RecordCase(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, CaseContent content)
    {
        var opened = OpenCases.For(instance, scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var errors = CaseValidation.Validate(content, instance.Catalog, instance.Today());
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var open = opened.Value;
        var now = instance.Clock.GetUtcNow();
        var record = content.ToRecord(Guid.NewGuid(), scope.OrganisationId, now, now, []);
        instance.Database.Write((c, t) =>
        {
            CaseWrites.Insert(c, t, open.Keys, record, content.StoredIdentities);
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.CaseCreated, scope.OrganisationId, record.Id.ToString("D"));
            return Done.Value;
        });
        open.Cases.CatchUp(instance.Database, open.Keys);
        return record.Id;
    }
}

public sealed class UpdateCase(DalelInstance instance)
{
    /// <param name="expectedVersion">The version the user edited; if someone saved since, the update is refused so neither edit is lost silently.</param>
    public Result<Done> Run(OrgScope scope, Guid caseId, long expectedVersion, CaseContent content)
    {
        var opened = OpenCases.For(instance, scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var stored = open.Cases.Find(scope.OrganisationId, caseId);
        if (stored is null)
        {
            return new NotFound();
        }

        var errors = CaseValidation.Validate(content, instance.Catalog, instance.Today());
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (stored.Version != expectedVersion)
        {
            return new EditConflict();
        }

        var record = content.ToRecord(caseId, scope.OrganisationId, stored.Record.CreatedAt, instance.Clock.GetUtcNow(), stored.Record.Files);
        var saved = instance.Database.Write((c, t) =>
        {
            if (!CaseWrites.Replace(c, t, open.Keys, record, content.StoredIdentities, expectedVersion))
            {
                return false;
            }

            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.CaseUpdated, scope.OrganisationId, caseId.ToString("D"));
            return true;
        });
        open.Cases.CatchUp(instance.Database, open.Keys);
        return saved ? Done.Value : new EditConflict();
    }
}

public sealed class DeleteCase(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid caseId)
    {
        var opened = OpenCases.For(instance, scope, Capability.DeleteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        if (open.Cases.Find(scope.OrganisationId, caseId) is null)
        {
            return new NotFound();
        }

        var deleted = instance.Database.Write((c, t) =>
        {
            if (!CaseWrites.Delete(c, t, scope.OrganisationId, caseId))
            {
                return false;
            }

            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.CaseDeleted, scope.OrganisationId, caseId.ToString("D"));
            return true;
        });
        open.Cases.CatchUp(instance.Database, open.Keys);
        return deleted ? Done.Value : new NotFound();
    }
}
