using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// Checks a sign-in name and password; works while sealed. The name and password together find the member
/// (<see cref="SignInKeys"/>): the database cannot tell a wrong password from an unknown name, and neither can anyone
/// holding a copy of it. After repeated failures for a name, that name is locked for a while (<see cref="SignInState"/>),
/// whether or not it exists. Every attempt costs the same Argon2id work.
/// </summary>
public sealed class SignIn(DalelInstance instance)
{
    private static readonly Lazy<string> DecoyHash = new(() => PasswordHash.Create("decoy-password", KdfParameters.Password));

    /// <param name="secondFactor">A TOTP code or a recovery code, for members who turned the second factor on.</param>
    public Result<Guid> Run(string login, string password, string? secondFactor = null)
    {
        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new BadCredentials();
        }

        var now = instance.Clock.GetUtcNow();
        if (instance.SignIns.LockedAt(login, now) is { } locked)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Anonymous, AuditAction.SignInFailed);
            return new LockedOut(locked);
        }

        var found = Find(login, password, header.LoginSalt);
        if (found is not { } member)
        {
            return Fail(login, now, null);
        }

        var factor = instance.Database.Read(c => SecondFactorStore.Read(c, null, member.Id))!;
        if (factor.Sealed is not null)
        {
            if (string.IsNullOrWhiteSpace(secondFactor))
            {
                ZeroSecret(member);
                return new SecondFactorRequired();
            }

            var recovery = Intake.Receipt.Normalise(secondFactor) is not null;
            var passed = instance.Database.Write((c, t) =>
            {
                var ok = SecondFactorStore.Check(c, t, member.Id, factor, password, member.Earlier ? null : member.Secret, secondFactor, now);
                if (ok && recovery)
                {
                    AuditLog.Append(c, t, instance.Clock, Actors.Member(member.Id), AuditAction.RecoveryCodeUsed, recordId: member.Id.ToString("D"));
                }

                return ok;
            });
            if (!passed)
            {
                ZeroSecret(member);
                var failedCode = Fail(login, now, member.Id);
                return failedCode.Error is LockedOut ? failedCode : Invalid.One("Code", "error.totp_wrong");
            }
        }

        try
        {
            return Admit(login, password, header.LoginSalt, member, now);
        }
        finally
        {
            ZeroSecret(member);
        }
    }

    /// <summary>A member this sign-in opened; <see cref="Kdf"/> is null for a member stored before sign-in lookups (found by the old name hash).</summary>
    private sealed record Found(Guid Id, byte[] Secret, byte[]? OwnCopy, KdfParameters? Kdf)
    {
        public bool Earlier => Kdf is null;
    }

    /// <summary>
    /// The member this name and password open, trying each cost members were stored with (usually one), and, for members
    /// stored before this design, the name's old keyed hash and the password verifier, which they leave at this sign-in.
    /// </summary>
    private Found? Find(string login, string password, byte[] salt)
    {
        var (costs, earlier) = instance.Database.Read(c => (
            c.Query(null, "SELECT DISTINCT sign_in_kdf FROM members WHERE sign_in_kdf IS NOT NULL", r => r.GetString(r.GetOrdinal("sign_in_kdf"))),
            c.Scalar<long>(null, "SELECT COUNT(*) FROM members WHERE sign_in_lookup IS NULL")));
        if (costs.Count == 0)
        {
            costs.Add(SignInKeys.KdfText(instance.Options.PasswordKdf));
        }

        Found? found = null;
        foreach (var cost in costs)
        {
            var secret = SignInKeys.Secret(login, password, salt, SignInKeys.ParseKdf(cost));
            var lookup = SignInKeys.Lookup(secret);
            var row = instance.Database.Read(c => c.Query(null, "SELECT id, sign_in_sealed FROM members WHERE sign_in_lookup = @l",
                r => (Id: r.GetGuid("id"), Own: r.GetBytes("sign_in_sealed")), ("l", lookup)).FirstOrDefault());
            if (found is null && row.Id != Guid.Empty)
            {
                found = new Found(row.Id, secret, row.Own, SignInKeys.ParseKdf(cost));
            }
            else
            {
                CryptographicOperations.ZeroMemory(secret);
            }
        }

        if (earlier > 0)
        {
            // The same work whether or not an earlier member has this name, so timing does not tell.
            var old = instance.Database.Read(c => c.Query(null, "SELECT id, password_hash FROM members WHERE login_hash = @h AND sign_in_lookup IS NULL",
                r => (Id: r.GetGuid("id"), Hash: r.GetString(r.GetOrdinal("password_hash"))), ("h", PasswordHash.LoginHash(login, salt))).FirstOrDefault());
            var verified = PasswordHash.Verify(password, old.Hash ?? DecoyHash.Value);
            if (found is null && old.Hash is not null && verified)
            {
                found = new Found(old.Id, [], null, null);
            }
        }

        return found;
    }

    /// <summary>
    /// Right name, password and code. Unsealed, the directory is read and the member's own copy re-made (so a changed
    /// role reaches it); sealed, only the own copy can say what the member may do.
    /// </summary>
    private Result<Guid> Admit(string login, string password, byte[] salt, Found member, DateTimeOffset now)
    {
        var keys = instance.Vault.Keys;
        IReadOnlyList<Membership>? memberships;
        if (keys is not null)
        {
            memberships = instance.Database.Write((c, t) =>
            {
                MemberDirectory.Lock(c, t, member.Id);
                var current = MemberDirectory.Of(c, t, keys.DirectoryKey, member.Id);
                // The own copy is re-made from the directory (a changed role reaches it) with the secret this sign-in
                // already derived, so the member's cost and everything sealed under the secret stay as they are.
                if (member.Kdf is { } kdf)
                {
                    MemberRows.SetSignIn(c, t, member.Id, member.Secret, kdf, current);
                    SecondFactorStore.Upgrade(c, t, member.Id, password, member.Secret);
                }
                else
                {
                    var secret = MemberRows.SetSignIn(c, t, member.Id, login, password, salt, instance.Options.PasswordKdf, current);
                    SecondFactorStore.Upgrade(c, t, member.Id, password, secret);
                    CryptographicOperations.ZeroMemory(secret);
                }
                AuditLog.Append(c, t, instance.Clock, Actors.Member(member.Id), AuditAction.SignedIn, recordId: member.Id.ToString("D"));
                return current;
            });
        }
        else
        {
            memberships = member.OwnCopy is null || member.Earlier ? null : SignInKeys.OpenCopy(member.Secret, member.Id, member.OwnCopy);
            if (memberships is null && member.Earlier)
            {
                // Stored before this design: the plain memberships are still there until the next unsealing seals them.
                memberships = instance.Database.Read(c => MemberDirectory.PlainOf(c, member.Id));
                if (memberships is not null)
                {
                    instance.Database.Write((c, t) =>
                    {
                        var secret = MemberRows.SetSignIn(c, t, member.Id, login, password, salt, instance.Options.PasswordKdf, memberships);
                        SecondFactorStore.Upgrade(c, t, member.Id, password, secret);
                        CryptographicOperations.ZeroMemory(secret);
                        return Done.Value;
                    });
                }
            }

            if (memberships is null)
            {
                // A change to this member's memberships voided their copy: it is re-made at their next sign-in while unsealed.
                AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(member.Id), AuditAction.SignInFailed, recordId: member.Id.ToString("D"));
                return Invalid.One("", "error.sign_in_needs_unsealed");
            }

            instance.Database.Write((c, t) =>
            {
                if (!member.Earlier)
                {
                    SecondFactorStore.Upgrade(c, t, member.Id, password, member.Secret);
                }

                AuditLog.Append(c, t, instance.Clock, Actors.Member(member.Id), AuditAction.SignedIn, recordId: member.Id.ToString("D"));
                return Done.Value;
            });
        }

        instance.SignIns.Succeeded(login);
        instance.SignIns.RememberName(member.Id, login);
        instance.SignIns.Remember(member.Id, memberships);
        return member.Id;
    }

    /// <summary>A wrong name, password or second factor counts towards the name's lockout.</summary>
    private Result<Guid> Fail(string login, DateTimeOffset now, Guid? member)
    {
        var locks = instance.SignIns.Failed(login, now, instance.Options);
        AuditLog.AppendAlone(instance.Database, instance.Clock, member is { } m ? Actors.Member(m) : Actors.Anonymous,
            locks is null ? AuditAction.SignInFailed : AuditAction.LockedOut, recordId: member?.ToString("D"));
        return locks is { } until ? new LockedOut(until) : new BadCredentials();
    }

    private static void ZeroSecret(Found member) => CryptographicOperations.ZeroMemory(member.Secret);
}
