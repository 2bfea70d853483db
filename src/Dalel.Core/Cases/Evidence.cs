using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

public sealed record EvidenceContent(EvidenceFile File, byte[] Content);

/// <summary>
/// The one way an evidence file's bytes are stored: sealed under the organisation's data key in their own row, bound to
/// the organisation, case and file by the associated data. Used by documenters' uploads, intake conversion and import.
/// </summary>
internal static class EvidenceFiles
{
    public static void Insert(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Door.Unsealed open, Guid caseId, Guid fileId, byte[] content)
    {
        // Padded: a police copy of a photo can no longer be matched to a sealed file by its length.
        var sealedContent = Aead.Seal(open.DataKey, Padding.Pad(content), CaseSealing.FileAad(open.Organisation, caseId, fileId));
        c.Execute(t, "INSERT INTO evidence_files (id, org_id, case_id, content, padded) VALUES (@id, @org, @case, @content, 1)",
            ("id", fileId), ("org", open.Organisation), ("case", caseId), ("content", sealedContent));
    }

    /// <summary>A file's bytes: files stored before padding (padded = 0) are as they were uploaded.</summary>
    public static byte[] Open(Door.Unsealed open, Guid caseId, Guid fileId, byte[] sealedContent, bool padded)
    {
        var plaintext = Aead.Open(open.DataKey, sealedContent, CaseSealing.FileAad(open.Organisation, caseId, fileId));
        return padded ? Padding.Unpad(plaintext) : plaintext;
    }
}
