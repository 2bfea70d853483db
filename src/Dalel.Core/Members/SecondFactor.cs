using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using OtpNet;

namespace Dalel.Core.Members;

/// <summary>A new TOTP secret to show as a QR code; nothing is stored until the member proves their app reads it.</summary>
/// <param name="AccountName">The entry's name in the authenticator app: neutral by default, since a seized phone shows it.</param>
public sealed record SecondFactorSetup(string Secret, string AccountName)
{
    public const string DefaultAccountName = "Account";

    public string Uri => $"otpauth://totp/{System.Uri.EscapeDataString(AccountName)}?secret={Secret}&digits=6&period=30";

    public static SecondFactorSetup New(string? accountName = null) =>
        new(Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20)), string.IsNullOrWhiteSpace(accountName) ? DefaultAccountName : accountName.Trim());
}

public sealed record SecondFactorStatus(bool Enabled, int RecoveryCodesLeft);

/// <summary>
/// TOTP (RFC 6238) with recovery codes. The secret is sealed under a key derived from the member's password, so it is
/// read only at sign-in (when the password is typed) and re-sealed when the password changes. A code is accepted once:
/// the last used time step is kept, so a code seen over a shoulder cannot be replayed within its window.
/// </summary>
internal static class SecondFactorStore
{
    public const int RecoveryCodeCount = 10;

    public static byte[] Aad(Guid member) => Encoding.ASCII.GetBytes($"dalel/totp/v1/{member:N}");

    public static (byte[] Sealed, string Kdf) Seal(Guid member, string password, byte[] secret, KdfParameters kdf)
    {
        var salt = RandomNumberGenerator.GetBytes(16);
        var key = kdf.Derive(password, salt);
        try
        {
            return (Aead.Seal(key, secret, Aad(member)),
                string.Create(CultureInfo.InvariantCulture, $"{kdf.MemoryKib},{kdf.Iterations},{kdf.Parallelism}${Convert.ToBase64String(salt)}"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    public static byte[]? Open(Guid member, string password, byte[] sealedSecret, string kdfText)
    {
        var parts = kdfText.Split('$');
        var cost = parts[0].Split(',').Select(p => int.Parse(p, CultureInfo.InvariantCulture)).ToArray();
        var key = new KdfParameters(cost[0], cost[1], cost[2]).Derive(password, Convert.FromBase64String(parts[1]));
        try
        {
            return Aead.TryOpen(key, sealedSecret, Aad(member), out var secret) ? secret : null;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The matched time step of a valid, not yet used code, else null.</summary>
    public static long? MatchTotp(byte[] secret, string code, DateTimeOffset now, long? lastStep)
    {
        code = new string(code.Where(char.IsAsciiDigit).ToArray());
        if (code.Length != 6)
        {
            return null;
        }

        var totp = new Totp(secret);
        return totp.VerifyTotp(now.UtcDateTime, code, out var step, VerificationWindow.RfcSpecifiedNetworkDelay) && (lastStep is null || step > lastStep)
            ? step
            : null;
    }

    public static string HashRecovery(string normalised) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes("dalel/recovery-code/v1:" + normalised)));

    public static (List<string> Codes, string Stored) NewRecoveryCodes()
    {
        var codes = Enumerable.Range(0, RecoveryCodeCount).Select(_ => Receipt.New()).ToList();
        return (codes, JsonSerializer.Serialize(codes.Select(c => HashRecovery(Receipt.Normalise(c)!)).ToList()));
    }

    public static List<string> RecoveryHashes(string? stored) => stored is null ? [] : JsonSerializer.Deserialize<List<string>>(stored) ?? [];

    public sealed record Row(string PasswordHash, byte[]? Sealed, string? Kdf, long? LastStep, string? RecoveryCodes);

    public static Row? Read(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction? t, Guid member) =>
        c.Query(t, "SELECT password_hash, totp_sealed, totp_kdf, totp_last_step, recovery_codes FROM members WHERE id = @id",
            r => new Row(r.GetString(r.GetOrdinal("password_hash")), r.GetBytes("totp_sealed"), r.GetNullableString("totp_kdf"),
                r.IsDBNull(r.GetOrdinal("totp_last_step")) ? null : r.GetLong("totp_last_step"), r.GetNullableString("recovery_codes")),
            ("id", member)).FirstOrDefault();

    /// <summary>
    /// Checks a second-factor answer (a TOTP code, or a recovery code which is then used up) for a member whose password
    /// is <paramref name="password"/>, and records its use. False when it does not match.
    /// </summary>
    public static bool Check(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid member, Row row, string password, string answer, DateTimeOffset now)
    {
        if (row.Sealed is null || row.Kdf is null)
        {
            return false;
        }

        if (Receipt.Normalise(answer) is { } recovery)
        {
            var hashes = RecoveryHashes(row.RecoveryCodes);
            var hash = HashRecovery(recovery);
            if (!hashes.Remove(hash))
            {
                return false;
            }

            // Conditional on the list read, so two sign-ins racing with the same code cannot both use it.
            return c.Execute(t, "UPDATE members SET recovery_codes = @r WHERE id = @id AND recovery_codes = @old",
                ("r", JsonSerializer.Serialize(hashes)), ("id", member), ("old", row.RecoveryCodes)) == 1;
        }

        var secret = Open(member, password, row.Sealed, row.Kdf);
        if (secret is null)
        {
            return false;
        }

        try
        {
            if (MatchTotp(secret, answer, now, row.LastStep) is not { } step)
            {
                return false;
            }

            // Conditional, so the same code racing in two requests is accepted once.
            return c.Execute(t, "UPDATE members SET totp_last_step = @s WHERE id = @id AND (totp_last_step IS NULL OR totp_last_step < @s)",
                ("s", step), ("id", member)) == 1;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(secret);
        }
    }
}

internal static class SecondFactorChecks
{
    public static Result<Done> PasswordAndCode(DalelInstance instance, System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid member, string password, string code)
    {
        var row = SecondFactorStore.Read(c, t, member);
        if (row is null)
        {
            return new NotFound();
        }

        if (!PasswordHash.Verify(password, row.PasswordHash))
        {
            return Invalid.One("Password", "error.bad_current_password");
        }

        return SecondFactorStore.Check(c, t, member, row, password, code, instance.Clock.GetUtcNow()) ? Done.Value : Invalid.One("Code", "error.totp_wrong");
    }
}
