using Dalel.Core.Audit;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
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

        // A result linked from files another Dalel encoded (or from other files) has no run map here: none of its groups
        // would map to a case, and, as the latest result, it would hide the one the review and the estimates use.
        var runs = new RunMaps(open);
        var organisations = new ListOrganisations(instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        if (read.Value.Lists.FirstOrDefault(l => !organisations.ContainsKey(l.List) || runs.CasesOf(l.List, l.Run) is null) is { } unknown)
        {
            return Invalid.One("file", "error.linkage_result_unknown_run", organisations.GetValueOrDefault(unknown.List, unknown.List.ToString("D")));
        }

        var id = Guid.NewGuid();
        open.Change(AuditAction.LinkageImported, id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ResultKind, SealedDocuments.Shared, id, read.Value with { ImportedAt = open.Now }, 0)
            && SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ImportedKind, SealedDocuments.Shared, id, new LinkageStore.ImportedWhen(open.Now), 0));
        return id;
    }
}
