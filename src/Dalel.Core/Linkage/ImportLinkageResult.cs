using Dalel.Core.Audit;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>Stores a linkage result on the instance, where each member organisation finds its part.</summary>
public sealed class ImportLinkageResult(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, string json)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var read = LinkageJson.Read<LinkageResult>(json, LinkageResult.FormatName, "result");
        if (!read.IsOk)
        {
            return read.Error!;
        }

        if (CheckLinkageResult.Problems(read.Value) is { } problems)
        {
            return problems;
        }

        var id = Guid.NewGuid();
        open.Change(AuditAction.LinkageImported, id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ResultKind, SealedDocuments.Shared, id, read.Value with { ImportedAt = open.Now }, 0)
            && SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ImportedKind, SealedDocuments.Shared, id, new LinkageStore.ImportedWhen(open.Now), 0));
        return id;
    }
}
