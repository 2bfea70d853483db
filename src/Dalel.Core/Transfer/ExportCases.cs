using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Transfer;

/// <summary>
/// Writes every case of the given organisations as JSON Lines, decrypted and complete (identities and file content
/// included), so that <see cref="ImportCases"/> restores them exactly. The output is plaintext by design: owners only.
/// </summary>
public sealed class ExportCases(DalelInstance instance)
{
    public Result<int> Run(IReadOnlyList<OrgScope> scopes, TextWriter output, Action<int>? progress = null)
    {
        if (scopes.Any(s => !s.Can(Capability.ExportCases)))
        {
            return new Forbidden();
        }

        var written = 0;
        foreach (var scope in scopes)
        {
            var opened = instance.Enter(scope, Capability.ExportCases);
            if (!opened.IsOk)
            {
                return opened.Error!;
            }

            var open = opened.Value;
            // Ordered by creation from the records read once; each case is read again when written, so the whole set is
            // never held as records at once.
            foreach (var stored in open.CasesWithIdentities.Select(c => (Stored: c, c.Record.CreatedAt)).OrderBy(c => c.CreatedAt).ThenBy(c => c.Stored.Id).Select(c => c.Stored))
            {
                var record = stored.Record;
                var files = record.Files.Count == 0 ? [] : ReadFiles(open, record);
                output.WriteLine(JsonSerializer.Serialize(new CaseLine { Case = record, Identities = stored.Identities, Files = files }, Json.Lines));
                if (++written % 100 == 0)
                {
                    progress?.Invoke(written);
                }
            }

            open.Audit(AuditAction.CasesExported, null);
        }

        progress?.Invoke(written);
        return written;
    }

    private static List<FileContent> ReadFiles(Door.Unsealed open, CaseRecord record) =>
        open.Read(c => c.Query(null, "SELECT id, content, padded FROM evidence_files WHERE case_id = @case AND org_id = @org",
            r => (Id: r.GetGuid("id"), Content: r.GetBytes("content")!, Padded: r.GetLong("padded") != 0), ("case", record.Id), ("org", open.Organisation)))
            .Select(f => new FileContent(f.Id, Convert.ToBase64String(EvidenceFiles.Open(open, record.Id, f.Id, f.Content, f.Padded))))
            .ToList();
}
