using System.Text;
using System.Text.Json;
using Dalel.Core.Vault;

namespace Dalel.Core.Cases;

/// <summary>How a case and its victims' identities become ciphertext, each bound to its organisation and id.</summary>
internal static class CaseSealing
{
    public static byte[] BodyAad(Guid org, Guid id) => Encoding.ASCII.GetBytes($"dalel/case/v1/{org:N}/{id:N}");

    public static byte[] IdentitiesAad(Guid org, Guid id) => Encoding.ASCII.GetBytes($"dalel/identities/v1/{org:N}/{id:N}");

    public static byte[] FileAad(Guid org, Guid caseId, Guid fileId) => Encoding.ASCII.GetBytes($"dalel/file/v1/{org:N}/{caseId:N}/{fileId:N}");

    /// <summary>Padded (<see cref="Padding"/>), so a blob's length tells a size bucket, not how long the narrative is.</summary>
    public static byte[] SealBody(System.Security.Cryptography.AesGcm data, CaseRecord record) =>
        Aead.Seal(data, Padding.PadRecord(CaseBinary.Write(record)), BodyAad(record.OrganisationId, record.Id));

    public static byte[] SealIdentities(System.Security.Cryptography.AesGcm identity, CaseRecord record, IReadOnlyList<VictimIdentity> identities) =>
        Aead.Seal(identity, Padding.PadRecord(JsonSerializer.SerializeToUtf8Bytes(identities, Json.Files)), IdentitiesAad(record.OrganisationId, record.Id));

    public static byte[] SealBody(byte[] dataKey, CaseRecord record) =>
        Aead.Seal(dataKey, Padding.PadRecord(CaseBinary.Write(record)), BodyAad(record.OrganisationId, record.Id));

    /// <summary>
    /// Sealed for every case, an empty list too, and padded: a copy of the database no longer tells which cases hold
    /// identities, nor how many.
    /// </summary>
    public static byte[] SealIdentities(byte[] identityKey, CaseRecord record, IReadOnlyList<VictimIdentity> identities) =>
        Aead.Seal(identityKey, Padding.PadRecord(JsonSerializer.SerializeToUtf8Bytes(identities, Json.Files)), IdentitiesAad(record.OrganisationId, record.Id));

    public static CaseRecord OpenBody(KeyRing keys, Guid org, Guid id, byte[] body)
    {
        var plaintext = Padding.Record(keys.Open(keys.DataKey(org), body, BodyAad(org, id)));
        // Cases sealed before the binary form are JSON, which starts with '{'.
        var record = plaintext is [(byte)'{', ..] ? JsonSerializer.Deserialize<CaseRecord>(plaintext, Json.Cases)! : CaseBinary.Read(plaintext);
        return record.Id == id && record.OrganisationId == org
            ? record
            : throw new System.Security.Cryptography.CryptographicException("A sealed case does not match its row.");
    }

    public static IReadOnlyList<VictimIdentity> OpenIdentities(KeyRing keys, Guid org, Guid id, byte[]? sealedIdentities)
    {
        if (sealedIdentities is null)
        {
            return [];
        }

        var plaintext = Padding.Record(keys.Open(keys.IdentityKey(org), sealedIdentities, IdentitiesAad(org, id)));
        // Most cases hold no identities: their sealed "[]" is answered without a parse, which unsealing a million cases notices.
        return plaintext is [(byte)'[', (byte)']'] ? [] : JsonSerializer.Deserialize<List<VictimIdentity>>(plaintext, Json.Files)!;
    }
}
