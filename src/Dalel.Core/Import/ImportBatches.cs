using System.Data.Common;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Import;

/// <summary>One sheet import: when, by whom, which file (its SHA-256), how many rows and cases. No content.</summary>
public sealed record ImportBatch(Guid Id, DateTimeOffset At, string Actor, string FileSha256, int Rows, int Created, int Updated, string? Profile);

/// <summary>Import batches, sealed under the organisation's data key (a copied database does not tell which file was imported).</summary>
internal static class ImportBatches
{
    public const string Kind = "import-batch";

    public static void Save(DbConnection c, DbTransaction t, Door.Unsealed open, ImportBatch batch) =>
        SealedDocuments.Save(c, t, open.DataKey, Kind, open.Organisation, batch.Id, batch, expectedVersion: 0);
}

/// <summary>The organisation's sheet imports, newest first.</summary>
public sealed class ListImportBatches(DalelInstance instance)
{
    public Result<IReadOnlyList<ImportBatch>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.WriteCases);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        return open.Read(c => SealedDocuments.List<ImportBatch>(c, null, open.DataKey, ImportBatches.Kind, open.Organisation))
            .Select(d => d.Value).OrderByDescending(b => b.At).ToList();
    }
}
