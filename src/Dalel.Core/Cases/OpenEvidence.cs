using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

public sealed class OpenEvidence(DalelInstance instance)
{
    public Result<EvidenceContent> Run(OrgScope scope, Guid caseId, Guid fileId)
    {
        var opened = instance.Enter(scope, Capability.ReadIdentities);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var file = open.Case(caseId)?.Record.Files.FirstOrDefault(f => f.Id == fileId);
        if (file is null)
        {
            return new NotFound();
        }

        var stored = open.Read(c => c.Query(null,
            "SELECT content, padded FROM evidence_files WHERE id = @id AND org_id = @org AND case_id = @case",
            r => (Content: r.GetBytes("content")!, Padded: r.GetLong("padded") != 0), ("id", fileId), ("org", scope.OrganisationId), ("case", caseId)).SingleOrDefault());
        if (stored.Content is null)
        {
            return new NotFound();
        }

        var content = EvidenceFiles.Open(open, caseId, fileId, stored.Content, stored.Padded);
        open.Audit(AuditAction.FileDownloaded, fileId.ToString("D"));
        return new EvidenceContent(file, content);
    }
}
