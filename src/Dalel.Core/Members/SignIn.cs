using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// Checks a sign-in name and password; works while sealed (only hashes are needed). After repeated failures the
/// account is locked for a while. Unknown names cost the same Argon2id work, so timing does not tell which names exist.
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

        var loginHash = PasswordHash.LoginHash(login, header.LoginSalt);
        var row = instance.Database.Read(c => c.Query(null, "SELECT id, password_hash, failed_sign_ins, locked_until FROM members WHERE login_hash = @h",
            r => (Id: r.GetGuid("id"), Hash: r.GetString(r.GetOrdinal("password_hash")), Failed: r.GetLong("failed_sign_ins"), LockedUntil: r.GetInstant("locked_until")),
            ("h", loginHash)).SingleOrDefault());
        var now = instance.Clock.GetUtcNow();
        if (row.Hash is null)
        {
            PasswordHash.Verify(password, DecoyHash.Value);
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Anonymous, AuditAction.SignInFailed);
            return new BadCredentials();
        }

        if (row.LockedUntil is { } until && until > now)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, Actors.Member(row.Id), AuditAction.SignInFailed, recordId: row.Id.ToString("D"));
            return new LockedOut(until);
        }

        if (!PasswordHash.Verify(password, row.Hash))
        {
            return Fail(row.Id, row.Failed, now);
        }

        var factor = instance.Database.Read(c => SecondFactorStore.Read(c, null, row.Id))!;
        if (factor.Sealed is not null)
        {
            if (string.IsNullOrWhiteSpace(secondFactor))
            {
                return new SecondFactorRequired();
            }

            var recovery = Intake.Receipt.Normalise(secondFactor) is not null;
            var passed = instance.Database.Write((c, t) =>
            {
                var ok = SecondFactorStore.Check(c, t, row.Id, factor, password, secondFactor, now);
                if (ok && recovery)
                {
                    AuditLog.Append(c, t, instance.Clock, Actors.Member(row.Id), AuditAction.RecoveryCodeUsed, recordId: row.Id.ToString("D"));
                }

                return ok;
            });
            if (!passed)
            {
                var failedCode = Fail(row.Id, row.Failed, now);
                return failedCode.Error is LockedOut ? failedCode : Invalid.One("Code", "error.totp_wrong");
            }
        }

        instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE members SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", ("id", row.Id));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(row.Id), AuditAction.SignedIn, recordId: row.Id.ToString("D"));
            return Done.Value;
        });
        return row.Id;
    }

    /// <summary>A wrong password or second factor counts towards the lockout.</summary>
    private Result<Guid> Fail(Guid member, long failedBefore, DateTimeOffset now)
    {
        var failed = failedBefore + 1;
        var locks = failed >= instance.Options.LockoutAttempts;
        instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE members SET failed_sign_ins = @f, locked_until = @u WHERE id = @id",
                ("f", locks ? 0 : failed), ("u", locks ? now + instance.Options.LockoutDuration : null), ("id", member));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(member), locks ? AuditAction.LockedOut : AuditAction.SignInFailed, recordId: member.ToString("D"));
            return Done.Value;
        });
        return locks ? new LockedOut(now + instance.Options.LockoutDuration) : new BadCredentials();
    }
}
