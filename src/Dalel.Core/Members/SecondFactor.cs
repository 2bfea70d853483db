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

    /// <summary>The marker stored in <c>totp_kdf</c> for secrets sealed under the sign-in secret (name and password together).</summary>
    public const string UnderSignInSecret = "v2";

    /// <summary>
    /// Seals the TOTP secret under a key from the member's sign-in secret (<see cref="SignInKeys"/>): no separate
    /// password-only verifier is left in the database that would let a password be cracked apart from the name.
    /// </summary>
    public static (byte[] Sealed, string Kdf) Seal(Guid member, byte[] signInSecret, byte[] secret)
    {
        var key = TotpKey(signInSecret);
        try
        {
            return (Aead.Seal(key, secret, Aad(member)), UnderSignInSecret);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>Opens the TOTP secret: under the sign-in secret, or (sealed by an earlier version) under the password alone.</summary>
    public static byte[]? Open(Guid member, string password, byte[]? signInSecret, byte[] sealedSecret, string kdfText)
    {
        if (kdfText == UnderSignInSecret)
        {
            if (signInSecret is null)
            {
                return null;
            }

            var key2 = TotpKey(signInSecret);
            try
            {
                return Aead.TryOpen(key2, sealedSecret, Aad(member), out var opened) ? opened : null;
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key2);
            }
        }

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

    /// <summary>Re-seals a secret sealed under the password alone (earlier versions) under the sign-in secret.</summary>
    public static void Upgrade(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid member, string password, byte[] signInSecret)
    {
        if (Read(c, t, member) is { Sealed: { } sealedSecret, Kdf: { } kdf } && kdf != UnderSignInSecret && Open(member, password, null, sealedSecret, kdf) is { } secret)
        {
            var (resealed, marker) = Seal(member, signInSecret, secret);
            CryptographicOperations.ZeroMemory(secret);
            c.Execute(t, "UPDATE members SET totp_sealed = @s, totp_kdf = @k WHERE id = @id", ("s", resealed), ("k", marker), ("id", member));
        }
    }

    private static byte[] TotpKey(byte[] signInSecret) =>
        HKDF.DeriveKey(HashAlgorithmName.SHA256, signInSecret, Aead.KeySize, info: "dalel/totp-key/v2"u8.ToArray());

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
    public static bool Check(System.Data.Common.DbConnection c, System.Data.Common.DbTransaction t, Guid member, Row row, string password, byte[]? signInSecret, string answer, DateTimeOffset now)
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

        var secret = Open(member, password, signInSecret, row.Sealed, row.Kdf);
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

        using var proof = MemberPassword.Check(instance, c, t, member, password);
        if (proof is null)
        {
            return Invalid.One("Password", "error.bad_current_password");
        }

        return SecondFactorStore.Check(c, t, member, row, password, proof.SignInSecret, code, instance.Clock.GetUtcNow()) ? Done.Value : Invalid.One("Code", "error.totp_wrong");
    }
}
