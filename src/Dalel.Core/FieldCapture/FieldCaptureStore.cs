using System.Data.Common;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.FieldCapture;

internal sealed record FieldCaptureRow(Guid OrgId, byte[] RsaPublicKey, byte[] WrappedRsaPrivateKey, bool Enabled, IReadOnlyList<string> Countries);

internal sealed record FieldSubmissionRow(Guid Id, long Seq, byte[] SealedEnvelope, string Status, string? Reason);

/// <summary>A received submission as it is sealed: the manifest and every file, exactly as the phone sent them.</summary>
internal sealed record FieldEnvelope(string Manifest, Dictionary<string, byte[]> Files, DateOnly ReceivedOn);

/// <summary>Where a received submission stands.</summary>
public static class FieldStatus
{
    /// <summary>Received, sealed; opens after the instance is unsealed.</summary>
    public const string Received = "received";

    /// <summary>Opened and moved to the report queue.</summary>
    public const string Opened = "opened";

    /// <summary>Did not open or verify; kept, with the reason, for the organisation to see.</summary>
    public const string Refused = "refused";
}

/// <summary>Rows of the field-capture tables, and the organisation's RSA key for the forms.</summary>
internal static class FieldCaptureStore
{
    public const string DeviceKind = "field-device";

    public static FieldCaptureRow? Of(DbConnection c, DbTransaction? t, Guid org) =>
        c.Query(t, "SELECT org_id, rsa_public_key, wrapped_rsa_private_key, enabled, countries FROM field_capture WHERE org_id = @org",
            r => new FieldCaptureRow(r.GetGuid("org_id"), r.GetBytes("rsa_public_key")!, r.GetBytes("wrapped_rsa_private_key")!, r.GetLong("enabled") != 0, r.GetString(r.GetOrdinal("countries")).Split(',', StringSplitOptions.RemoveEmptyEntries)), ("org", org)).FirstOrDefault();

    /// <summary>A 2,048-bit RSA pair, as ODK's forms carry: the public half as SubjectPublicKeyInfo, the private half sealed by the data key.</summary>
    public static (byte[] PublicKey, byte[] WrappedPrivateKey) NewRsaPair(byte[] dataKey, Guid org)
    {
        using var rsa = RSA.Create(2048);
        var privateKey = rsa.ExportPkcs8PrivateKey();
        try
        {
            return (rsa.ExportSubjectPublicKeyInfo(), Aead.Seal(dataKey, privateKey, PrivateKeyAad(org)));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    public static RSA OpenRsa(FieldCaptureRow row, byte[] dataKey)
    {
        var privateKey = Aead.Open(dataKey, row.WrappedRsaPrivateKey, PrivateKeyAad(row.OrgId));
        var rsa = RSA.Create();
        try
        {
            rsa.ImportPkcs8PrivateKey(privateKey, out _);
            return rsa;
        }
        catch
        {
            rsa.Dispose();
            throw;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(privateKey);
        }
    }

    public static string SecretHash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    /// <summary>
    /// What stands in for the instance ID, to take a resent submission once: the phone's copy names the same instance,
    /// so this confirms nothing the phone does not already say.
    /// </summary>
    public static string InstanceLookup(Guid org, string instanceId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{org:N}\n{instanceId}")));

    public static byte[] EnvelopeAad(Guid submission) => Encoding.UTF8.GetBytes($"dalel:field-envelope:{submission:D}");

    public static byte[] Seal(byte[] intakePublicKey, Guid submission, FieldEnvelope envelope) =>
        Intake.IntakeKeys.SealTo(intakePublicKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(envelope, Json.Files)), EnvelopeAad(submission));

    public static List<FieldSubmissionRow> Submissions(DbConnection c, DbTransaction? t, Guid org, string status) =>
        c.Query(t, "SELECT id, seq, sealed_envelope, status, reason FROM field_submissions WHERE org_id = @org AND status = @s ORDER BY seq",
            r => new FieldSubmissionRow(r.GetGuid("id"), r.GetLong("seq"), r.GetBytes("sealed_envelope")!, r.GetString(r.GetOrdinal("status")), r.GetNullableString("reason")),
            ("org", org), ("s", status));

    internal static byte[] PrivateKeyAad(Guid org) => Encoding.UTF8.GetBytes($"dalel:field-rsa:{org:D}");
}
