using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>A member's row: sign-in lookup and own copy (<see cref="SignInKeys"/>), password verifier, sealed profile and memberships.</summary>
internal static class MemberRows
{
    public static void Insert(DbConnection c, DbTransaction t, byte[] directoryKey, byte[] signInSalt, KdfParameters kdf, Guid id, MemberProfile profile, string password, IReadOnlyList<Membership> memberships)
    {
        // login_hash predates this design and must stay unique and non-null: it holds nothing about the name.
        c.Execute(t, "INSERT INTO members (id, login_hash, password_hash, profile_sealed, failed_sign_ins) VALUES (@id, @l, @p, @s, 0)",
            ("id", id), ("l", "none:" + id.ToString("N")), ("p", NoPasswordHash),
            ("s", Aead.Seal(directoryKey, Padding.Pad(JsonSerializer.SerializeToUtf8Bytes(profile, Json.Files)), MemberProfiles.Aad(id))));
        MemberDirectory.Set(c, t, directoryKey, id, memberships);
        CryptographicOperations.ZeroMemory(SetSignIn(c, t, id, profile.Login, password, signInSalt, kdf, memberships));
    }

    /// <summary>What <c>password_hash</c> (NOT NULL since the first schema) holds once the sign-in lookup replaced it.</summary>
    private const string NoPasswordHash = "none";

    /// <summary>
    /// Makes the sign-in lookup and own copy for a name and password (new member, changed password, first sign-in after
    /// an upgrade), and drops any verifier of the password alone. Returns the sign-in secret; the caller zeroes it.
    /// </summary>
    /// <param name="memberships">Null when not known here (sealed, and the member's copy was voided): the copy is re-made at their next unsealed sign-in.</param>
    public static byte[] SetSignIn(DbConnection c, DbTransaction t, Guid id, string login, string password, byte[] signInSalt, KdfParameters kdf, IReadOnlyList<Membership>? memberships)
    {
        var secret = SignInKeys.Secret(login, password, signInSalt, kdf);
        SetSignIn(c, t, id, secret, kdf, memberships);
        return secret;
    }

    /// <summary>As above, with the sign-in secret a sign-in already made (no second Argon2id run).</summary>
    public static void SetSignIn(DbConnection c, DbTransaction t, Guid id, byte[] secret, KdfParameters kdf, IReadOnlyList<Membership>? memberships) =>
        c.Execute(t, "UPDATE members SET sign_in_lookup = @l, sign_in_kdf = @k, sign_in_sealed = @own, login_hash = @none, password_hash = @nohash WHERE id = @id",
            ("l", SignInKeys.Lookup(secret)), ("k", SignInKeys.KdfText(kdf)), ("own", memberships is null ? null : SignInKeys.SealCopy(secret, id, memberships)),
            ("none", "none:" + id.ToString("N")), ("nohash", NoPasswordHash), ("id", id));

    public static MemberProfile Profile(DbConnection c, DbTransaction? t, byte[] directoryKey, Guid id) =>
        OpenProfile(directoryKey, id, c.Query(t, "SELECT profile_sealed FROM members WHERE id = @id", r => r.GetBytes("profile_sealed")!, ("id", id)).Single());

    public static List<(Guid Id, MemberProfile Profile)> Profiles(DbConnection c, DbTransaction? t, byte[] directoryKey) =>
        c.Query(t, "SELECT id, profile_sealed FROM members", r => (Id: r.GetGuid("id"), Sealed: r.GetBytes("profile_sealed")!))
            .Select(r => (r.Id, OpenProfile(directoryKey, r.Id, r.Sealed))).ToList();

    /// <summary>The member with this sign-in name, found by opening every profile (names are nowhere in plain form).</summary>
    public static Guid? FindByName(DbConnection c, DbTransaction? t, byte[] directoryKey, string login)
    {
        var wanted = PasswordHash.NormaliseLogin(login);
        return Profiles(c, t, directoryKey).Where(p => PasswordHash.NormaliseLogin(p.Profile.Login) == wanted).Select(p => (Guid?)p.Id).FirstOrDefault();
    }

    private static MemberProfile OpenProfile(byte[] directoryKey, Guid id, byte[] sealedProfile)
    {
        var plain = Aead.Open(directoryKey, sealedProfile, MemberProfiles.Aad(id));
        // Profiles sealed before padding begin with '{'; padded ones with a length.
        return JsonSerializer.Deserialize<MemberProfile>(plain.Length > 0 && plain[0] == (byte)'{' ? plain : Padding.Unpad(plain), Json.Files)!;
    }
}
