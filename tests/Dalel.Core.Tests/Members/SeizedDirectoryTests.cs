using System.Text;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Members;

/// <summary>
/// Police hold a copy of the database and a list of suspects' names (issue 13, finding 2). They know the source, so
/// every salt and derivation; they do not know the passwords.
/// </summary>
public sealed class SeizedDirectoryTests
{
    private static readonly (string Login, Role Role, bool OrgB)[] People =
    [
        ("aigerim.k", Role.Documenter, false), ("daniyar", Role.Analyst, false), ("sasha.trans", Role.Owner, true), ("marat.lawyer", Role.Viewer, true),
    ];

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_copied_database_confirms_no_candidate_name_nor_any_membership(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var ids = Populate(test);
        new SealVault(test.Instance).Run("cli");

        var candidates = Enumerable.Range(0, 2_000).Select(i => $"suspect.{i}").Concat(People.Select(p => p.Login)).Append("owner.a").ToList();
        var (salt, logins, lookups, costs) = test.Instance.Database.Read(c => (
            c.Query(null, "SELECT login_salt FROM vault", r => r.GetBytes("login_salt")!).Single(),
            c.Query(null, "SELECT login_hash FROM members", r => r.GetString(r.GetOrdinal("login_hash"))).ToHashSet(),
            c.Query(null, "SELECT sign_in_lookup FROM members", r => r.GetString(r.GetOrdinal("sign_in_lookup"))).ToHashSet(),
            c.Query(null, "SELECT DISTINCT sign_in_kdf FROM members", r => SignInKeys.ParseKdf(r.GetString(r.GetOrdinal("sign_in_kdf")))).ToList()));

        // The old keyed hash of a name, and the new lookup with the guesses a raid would try: nothing matches.
        Assert.DoesNotContain(candidates, name => logins.Contains(PasswordHash.LoginHash(name, salt)));
        string[] guesses = ["", "password", "123456", "qwerty123", "dalel2025"];
        var tried = 0;
        foreach (var name in candidates.TakeLast(People.Length + 1))
        {
            foreach (var guess in guesses.Append(name))
            {
                Assert.DoesNotContain(costs, kdf => lookups.Contains(SignInKeys.Lookup(SignInKeys.Secret(name, guess, salt, kdf))));
                tried++;
            }
        }

        // Nor can a password be cracked first and names tried after: no verifier of the password alone is stored.
        Assert.All(test.Instance.Database.Read(c => c.Query(null, "SELECT password_hash FROM members", r => r.GetString(r.GetOrdinal("password_hash")))), h => Assert.Equal("none", h));

        // Control: the same attack with the right password does find the row, so the attack above could succeed.
        Assert.Contains(costs, kdf => lookups.Contains(SignInKeys.Lookup(SignInKeys.Secret("aigerim.k", "aigerim.k password", salt, kdf))));

        // No plain trace ties a member to an organisation or a role.
        var plain = test.Instance.Database.Read(c => (
            Memberships: c.Scalar<long>(null, "SELECT COUNT(*) FROM memberships"),
            Rows: c.Query(null, "SELECT * FROM members", r => Enumerable.Range(0, r.FieldCount).Select(i => r.IsDBNull(i) ? "" : r.GetValue(i) is byte[] b ? Encoding.Latin1.GetString(b) : Convert.ToString(r.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!).ToList())));
        Assert.Equal(0, plain.Memberships);
        var text = string.Join("\n", plain.Rows.SelectMany(r => r));
        foreach (var secret in new[] { test.OrgA.ToString("D"), test.OrgB.ToString("D"), test.OrgA.ToString("N"), test.OrgB.ToString("N"), "Owner", "Documenter", "Analyst", "Viewer" }.Concat(People.Select(p => p.Login)))
        {
            Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase);
        }

        Assert.True(tried >= 30);
        Assert.Equal(People.Length + 1, ids.Count);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Members_sign_in_while_sealed_with_what_their_own_copy_says_and_a_changed_role_waits_for_an_unsealing(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var ids = Populate(test);
        Assert.True(new ChangeMembership(test.Instance).ChangeRole(test.OwnerOfA, ids["daniyar"], Role.Documenter).IsOk);
        new SealVault(test.Instance).Run("cli");

        var aigerim = new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password");
        Assert.True(aigerim.IsOk);
        Assert.Equal(new Membership(test.OrgA, Role.Documenter), Assert.Single(new Memberships(test.Instance).Of(aigerim.Value)));
        Assert.Equal("error.sign_in_needs_unsealed", Assert.IsType<Invalid>(new SignIn(test.Instance).Run("daniyar", "daniyar password").Error).Errors.Single().MessageKey);

        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.True(new SignIn(test.Instance).Run("daniyar", "daniyar password").IsOk);
        new SealVault(test.Instance).Run("cli");
        var daniyar = new SignIn(test.Instance).Run("daniyar", "daniyar password");
        Assert.Equal(new Membership(test.OrgA, Role.Documenter), Assert.Single(new Memberships(test.Instance).Of(daniyar.Value)));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void The_second_factor_is_sealed_under_name_and_password_and_a_signed_in_member_confirms_the_password_again(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var ids = Populate(test);
        var aigerim = new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password").Value;
        var setup = SecondFactorSetup.New();
        var code = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp(test.Clock.GetUtcNow().UtcDateTime);
        Assert.True(new EnableSecondFactor(test.Instance).Run(aigerim, "aigerim.k password", setup.Secret, code).IsOk);
        Assert.Equal("v2", test.Instance.Database.Read(c => c.Scalar<string>(null, "SELECT totp_kdf FROM members WHERE id = @id", ("id", ids["aigerim.k"]))));

        Assert.True(new ConfirmPassword(test.Instance).Run(aigerim, "aigerim.k password").IsOk);
        Assert.IsType<Invalid>(new ConfirmPassword(test.Instance).Run(aigerim, "daniyar password").Error);
        new SealVault(test.Instance).Run("cli");
        test.Clock.Advance(TimeSpan.FromSeconds(60));
        var later = new OtpNet.Totp(OtpNet.Base32Encoding.ToBytes(setup.Secret)).ComputeTotp(test.Clock.GetUtcNow().UtcDateTime);
        Assert.IsType<SecondFactorRequired>(new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password").Error);
        Assert.True(new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password", later).IsOk);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Unknown_names_lock_out_exactly_as_known_ones_so_the_lockout_tells_nothing(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        Populate(test);
        foreach (var name in new[] { "aigerim.k", "nobody.here" })
        {
            var answers = Enumerable.Range(0, 6).Select(i => new SignIn(test.Instance).Run(name, $"wrong {i}").Error!.GetType()).ToList();
            Assert.Equal([typeof(BadCredentials), typeof(BadCredentials), typeof(BadCredentials), typeof(BadCredentials), typeof(LockedOut), typeof(LockedOut)], answers);
        }

        Assert.IsType<LockedOut>(new SignIn(test.Instance).Run("AIGERIM.K ", "aigerim.k password").Error);
        Assert.True(new SignIn(test.Instance).Run("daniyar", "daniyar password").IsOk);
        test.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True(new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password").IsOk);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Members_stored_before_this_design_sign_in_and_leave_their_name_hash_and_plain_memberships_behind(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var ids = Populate(test);
        // Put Aigerim back as the earlier design stored her: a keyed hash of her name and plain memberships.
        test.Instance.Database.Write((c, t) =>
        {
            var salt = c.Query(t, "SELECT login_salt FROM vault", r => r.GetBytes("login_salt")!).Single();
            c.Execute(t, "UPDATE members SET login_hash = @h, password_hash = @p, sign_in_lookup = NULL, sign_in_kdf = NULL, sign_in_sealed = NULL, memberships_sealed = NULL WHERE id = @id",
                ("h", PasswordHash.LoginHash("aigerim.k", salt)), ("p", PasswordHash.Create("aigerim.k password", KdfParameters.Fast)), ("id", ids["aigerim.k"]));
            c.Execute(t, "INSERT INTO memberships (member_id, org_id, role) VALUES (@m, @o, 'Documenter')", ("m", ids["aigerim.k"]), ("o", test.OrgA));
            return 0;
        });
        new SealVault(test.Instance).Run("cli");

        var signedIn = new SignIn(test.Instance).Run("aigerim.k", "aigerim.k password");
        Assert.Equal(ids["aigerim.k"], signedIn.Value);
        Assert.Equal(Role.Documenter, Assert.Single(new Memberships(test.Instance).Of(signedIn.Value)).Role);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");

        var row = test.Instance.Database.Read(c => c.Query(null, "SELECT login_hash, sign_in_lookup, memberships_sealed FROM members WHERE id = @id",
            r => (Hash: r.GetString(r.GetOrdinal("login_hash")), Lookup: r.GetNullableString("sign_in_lookup"), Sealed: r.GetBytes("memberships_sealed")), ("id", ids["aigerim.k"])).Single());
        Assert.StartsWith("none:", row.Hash, StringComparison.Ordinal);
        Assert.Equal("none", test.Instance.Database.Read(c => c.Scalar<string>(null, "SELECT password_hash FROM members WHERE id = @id", ("id", ids["aigerim.k"]))));
        Assert.NotNull(row.Lookup);
        Assert.NotNull(row.Sealed);
        Assert.Equal(0, test.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM memberships")));
        Assert.Contains(new ListMembers(test.Instance).Run(test.OwnerOfA).Value, m => m.Login == "aigerim.k" && m.Role == Role.Documenter);
    }

    private static Dictionary<string, Guid> Populate(TestInstance test)
    {
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        var ids = new Dictionary<string, Guid> { ["owner.a"] = test.OwnerA };
        foreach (var (login, role, orgB) in People)
        {
            ids[login] = new AddMember(test.Instance).Run(orgB ? test.OwnerOfB : test.OwnerOfA, login, login.ToUpperInvariant(), login + " password", role).Value;
        }

        return ids;
    }
}
