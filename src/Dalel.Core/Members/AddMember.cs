using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Members;

/// <summary>
/// Adds a person to an organisation. A new sign-in name creates the person; at the command line an existing one
/// gains the membership (one person in two organisations). In the web app an existing name is refused, so one
/// organisation's owner cannot probe who belongs to another.
/// </summary>
public sealed class AddMember(DalelInstance instance)
{
    public const int MinimumPasswordLength = 10;

    public Result<Guid> Run(OrgScope scope, string login, string displayName, string? password, Role role, bool joinExisting = false)
    {
        if (!scope.Can(Capability.ManageMembers))
        {
            return new Forbidden();
        }

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        var errors = new List<FieldError>();
        login = login.Trim();
        displayName = displayName.Trim();
        if (login.Length is < 3 or > 100)
        {
            errors.Add(new FieldError("Login", "error.login_length"));
        }

        if (displayName.Length is 0 or > 200)
        {
            errors.Add(new FieldError("DisplayName", "error.required"));
        }

        var header = VaultHeader.Read(instance.Database)!;
        var loginHash = PasswordHash.LoginHash(login, header.LoginSalt);
        var existing = instance.Database.Read(c => c.Scalar<string?>(null, "SELECT id FROM members WHERE login_hash = @h", ("h", loginHash)));
        if (existing is not null && !joinExisting)
        {
            errors.Add(new FieldError("Login", "error.login_taken"));
        }

        if (existing is null && (password is null || password.Length < MinimumPasswordLength))
        {
            errors.Add(new FieldError("Password", "error.password_too_short", [MinimumPasswordLength.ToString(System.Globalization.CultureInfo.InvariantCulture)]));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        return instance.Database.Write((c, t) =>
        {
            Guid id;
            if (existing is null)
            {
                id = Guid.NewGuid();
                var profile = Aead.Seal(keys.DirectoryKey, JsonSerializer.SerializeToUtf8Bytes(new MemberProfile(login, displayName), Json.Files), MemberProfiles.Aad(id));
                c.Execute(t, "INSERT INTO members (id, login_hash, password_hash, profile_sealed, failed_sign_ins) VALUES (@id, @l, @p, @s, 0)",
                    ("id", id), ("l", loginHash), ("p", PasswordHash.Create(password!, instance.Options.PasswordKdf)), ("s", profile));
            }
            else
            {
                id = Guid.Parse(existing);
                if (c.Scalar<long>(t, "SELECT COUNT(*) FROM memberships WHERE member_id = @m AND org_id = @o", ("m", id), ("o", scope.OrganisationId)) > 0)
                {
                    return new Result<Guid>(Invalid.One("Login", "error.already_member"));
                }
            }

            c.Execute(t, "INSERT INTO memberships (member_id, org_id, role) VALUES (@m, @o, @r)", ("m", id), ("o", scope.OrganisationId), ("r", role.ToString()));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberAdded, scope.OrganisationId, id.ToString("D"));
            return new Result<Guid>(id);
        });
    }
}
