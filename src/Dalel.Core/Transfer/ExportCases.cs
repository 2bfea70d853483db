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

        var open = instance.Vault.Open;
        if (open is null)
        {
            return new VaultSealed();
        }

        open.Cases.CatchUp(instance.Database, open.Keys);
        var written = 0;
        foreach (var scope in scopes)
        {
            foreach (var stored in open.Cases.In(scope.OrganisationId).OrderBy(c => c.Record.CreatedAt).ThenBy(c => c.Record.Id))
            {
                var record = stored.Record;
                var files = record.Files.Count == 0 ? [] : ReadFiles(open, record);
                output.WriteLine(JsonSerializer.Serialize(new CaseLine { Case = record, Identities = stored.Identities, Files = files }, Json.Lines));
                if (++written % 100 == 0)
                {
                    progress?.Invoke(written);
                }
            }

            AuditLog.AppendAlone(instance.Database, instance.Clock, scope.Actor, AuditAction.CasesExported, scope.OrganisationId);
        }

        progress?.Invoke(written);
        return written;
    }

    private List<FileContent> ReadFiles(OpenVault open, CaseRecord record) =>
        instance.Database.Read(c => c.Query(null, "SELECT id, content FROM evidence_files WHERE case_id = @case AND org_id = @org",
            r => (Id: r.GetGuid("id"), Content: r.GetBytes("content")!), ("case", record.Id), ("org", record.OrganisationId)))
            .Select(f => new FileContent(f.Id, Convert.ToBase64String(
                Aead.Open(open.Keys.DataKey(record.OrganisationId), f.Content, CaseSealing.FileAad(record.OrganisationId, record.Id, f.Id)))))
            .ToList();
}
