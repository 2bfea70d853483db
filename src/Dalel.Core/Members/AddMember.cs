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
        var existing = instance.Database.Read(c => MemberRows.FindByName(c, null, keys.DirectoryKey, login));
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
            if (existing is not { } found)
            {
                id = Guid.NewGuid();
                MemberRows.Insert(c, t, keys.DirectoryKey, header.LoginSalt, instance.Options.PasswordKdf, id, new MemberProfile(login, displayName), password!,
                    [new Membership(scope.OrganisationId, role)]);
            }
            else
            {
                id = found;
                MemberDirectory.Lock(c, t, id);
                var memberships = MemberDirectory.Of(c, t, keys.DirectoryKey, id);
                if (memberships.Any(m => m.OrganisationId == scope.OrganisationId))
                {
                    return new Result<Guid>(Invalid.One("Login", "error.already_member"));
                }

                memberships.Add(new Membership(scope.OrganisationId, role));
                MemberDirectory.Set(c, t, keys.DirectoryKey, id, memberships);
                instance.SignIns.Remember(id, memberships);
            }

            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.MemberAdded, scope.OrganisationId, id.ToString("D"));
            return new Result<Guid>(id);
        });
    }
}
