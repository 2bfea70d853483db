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

    public static CaseRecord OpenBody(KeyRing keys, Guid org, Guid id, byte[] body) =>
        CaseBinary.Read(OpenBody(keys, org, id, body, new CaseArena(bulk: false, _ => { })).Span);

    /// <summary>
    /// Opens a case into its binary form, copied into <paramref name="arena"/>: decrypted into one reused buffer per
    /// thread, which is wiped after each case, so nothing but the kept bytes remains.
    /// </summary>
    public static ReadOnlyMemory<byte> OpenBody(KeyRing keys, Guid org, Guid id, ReadOnlySpan<byte> body, CaseArena arena)
    {
        Span<byte> aad = stackalloc byte[AadLength("dalel/case/v1/"u8)];
        Aad("dalel/case/v1/"u8, org, id, aad);
        var buffer = Plaintext(Aead.PlaintextLength(body.Length));
        try
        {
            keys.Open(keys.DataKey(org), body, aad, buffer);
            var plaintext = Padding.Record(buffer);
            // Cases sealed before the binary form are JSON, which starts with '{'; they are kept in the binary form.
            var binary = plaintext is [(byte)'{', ..] ? CaseBinary.Write(JsonSerializer.Deserialize<CaseRecord>(plaintext, Json.Cases)!) : plaintext;
            return binary.Length > 33 && CaseBinary.IdOf(binary) == id && CaseBinary.OrganisationOf(binary) == org
                ? arena.Copy(binary)
                : throw new System.Security.Cryptography.CryptographicException("A sealed case does not match its row.");
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(buffer);
        }
    }

    public static IReadOnlyList<VictimIdentity> OpenIdentities(KeyRing keys, Guid org, Guid id, byte[]? sealedIdentities)
    {
        if (sealedIdentities is null)
        {
            return [];
        }

        var opened = keys.Open(keys.IdentityKey(org), sealedIdentities, IdentitiesAad(org, id));
        try
        {
            var plaintext = Padding.Record(opened);
            // Most cases hold no identities: their sealed "[]" is answered without a parse.
            return plaintext is [(byte)'[', (byte)']'] ? [] : JsonSerializer.Deserialize<List<VictimIdentity>>(plaintext, Json.Files)!;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(opened);
        }
    }

    [ThreadStatic]
    private static byte[]? _plaintext;

    private static Span<byte> Plaintext(int length)
    {
        if (_plaintext is null || _plaintext.Length < length)
        {
            _plaintext = new byte[Math.Max(length, 4096)];
        }

        return _plaintext.AsSpan(0, length);
    }

    private static int AadLength(ReadOnlySpan<byte> prefix) => prefix.Length + 65;

    /// <summary>The same bytes as <see cref="BodyAad"/>, written without allocating.</summary>
    private static void Aad(ReadOnlySpan<byte> prefix, Guid org, Guid id, Span<byte> into)
    {
        prefix.CopyTo(into);
        org.TryFormat(into[prefix.Length..], out var written, "N");
        into[prefix.Length + written] = (byte)'/';
        id.TryFormat(into[(prefix.Length + written + 1)..], out _, "N");
    }
}