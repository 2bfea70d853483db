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
            // Ordered by creation (read from the coded facts, which skip the free texts); each case is read again when
            // written, a batch at a time on every core, so the whole set is never held as records or text at once.
            var cases = open.CasesWithIdentities.ToArray();
            var created = new DateTimeOffset[cases.Length];
            Parallel.For(0, cases.Length, i => created[i] = cases[i].Facts.CreatedAt);
            var ordered = Enumerable.Range(0, cases.Length).OrderBy(i => created[i]).ThenBy(i => cases[i].Id).Select(i => cases[i]).ToArray();
            var lines = new string[Math.Min(Batch, ordered.Length)];
            for (var start = 0; start < ordered.Length; start += Batch)
            {
                var count = Math.Min(Batch, ordered.Length - start);
                var first = start;
                Parallel.For(0, count, i => lines[i] = Line(open, ordered[first + i]));
                for (var i = 0; i < count; i++)
                {
                    output.WriteLine(lines[i]);
                    lines[i] = null!;
                }

                written += count;
                progress?.Invoke(written);
            }

            open.Audit(AuditAction.CasesExported, null);
        }

        progress?.Invoke(written);
        return written;
    }

    /// <summary>Cases serialised at once, on every core, before they are written in order.</summary>
    private const int Batch = 1_024;

    private static string Line(Door.Unsealed open, StoredCase stored)
    {
        var record = stored.Record;
        var files = record.Files.Count == 0 ? [] : ReadFiles(open, record);
        return JsonSerializer.Serialize(new CaseLine { Case = record, Identities = stored.Identities, Files = files }, Json.Lines);
    }

    private static List<FileContent> ReadFiles(Door.Unsealed open, CaseRecord record) =>
        open.Read(c => c.Query(null, "SELECT id, content, padded FROM evidence_files WHERE case_id = @case AND org_id = @org",
            r => (Id: r.GetGuid("id"), Content: r.GetBytes("content")!, Padded: r.GetLong("padded") != 0), ("case", record.Id), ("org", open.Organisation)))
            .Select(f => new FileContent(f.Id, Convert.ToBase64String(EvidenceFiles.Open(open, record.Id, f.Id, f.Content, f.Padded))))
            .ToList();
}
