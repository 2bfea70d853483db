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

    public Result<Guid> Run(string login, string password)
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
            var failed = row.Failed + 1;
            var locks = failed >= instance.Options.LockoutAttempts;
            instance.Database.Write((c, t) =>
            {
                c.Execute(t, "UPDATE members SET failed_sign_ins = @f, locked_until = @u WHERE id = @id",
                    ("f", locks ? 0 : failed), ("u", locks ? now + instance.Options.LockoutDuration : null), ("id", row.Id));
                AuditLog.Append(c, t, instance.Clock, Actors.Member(row.Id), locks ? AuditAction.LockedOut : AuditAction.SignInFailed, recordId: row.Id.ToString("D"));
                return Done.Value;
            });
            return locks ? new LockedOut(now + instance.Options.LockoutDuration) : new BadCredentials();
        }

        instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE members SET failed_sign_ins = 0, locked_until = NULL WHERE id = @id", ("id", row.Id));
            AuditLog.Append(c, t, instance.Clock, Actors.Member(row.Id), AuditAction.SignedIn, recordId: row.Id.ToString("D"));
            return Done.Value;
        });
        return row.Id;
    }
}
