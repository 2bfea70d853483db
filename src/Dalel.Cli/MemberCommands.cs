using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Members of an organisation: add, list, remove.</summary>
internal static class MemberCommands
{
    internal static Command Member()
    {
        Option<Guid> Org() => new("--org") { Required = true, Description = "Organisation id" };
        var login = new Option<string>("--login") { Required = true, Description = "Sign-in name" };
        var name = new Option<string?>("--name") { Description = "Display name" };
        var role = new Option<Role>("--role") { Required = true, Description = "owner, documenter, analyst or viewer" };
        var addOrg = Org();
        var add = new Command("add", "Add a member (password from $DALEL_MEMBER_PASSWORD or prompt); an existing sign-in name joins this organisation too.") { addOrg, login, name, role };
        add.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var password = Terminal.Secret("DALEL_MEMBER_PASSWORD", "Member's password (empty if the sign-in exists): ");
            var id = Terminal.Ok(new AddMember(instance).Run(OrgScope.Cli(p.GetValue(addOrg)), p.GetValue(login)!, p.GetValue(name) ?? p.GetValue(login)!,
                password.Length == 0 ? null : password, p.GetValue(role), joinExisting: true));
            Console.WriteLine(id);
            return 0;
        });
        var listOrg = Org();
        var list = new Command("list", "List members of an organisation.") { listOrg };
        list.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            foreach (var m in Terminal.Ok(new ListMembers(instance).Run(OrgScope.Cli(p.GetValue(listOrg)))))
            {
                Console.WriteLine($"{m.Id}  {m.Role,-10}  {m.Login}  ({m.DisplayName})");
            }

            return 0;
        });
        var removeOrg = Org();
        var removeLogin = new Option<string>("--login") { Required = true, Description = "Sign-in name" };
        var remove = new Command("remove", "Remove a member from an organisation.") { removeOrg, removeLogin };
        remove.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var scope = OrgScope.Cli(p.GetValue(removeOrg));
            var member = Terminal.Ok(new ListMembers(instance).Run(scope))
                .FirstOrDefault(m => string.Equals(m.Login, p.GetValue(removeLogin)!.Trim(), StringComparison.OrdinalIgnoreCase))
                ?? throw new CliFailure("No member with that sign-in name in this organisation.");
            Terminal.Ok(new ChangeMembership(instance).Remove(scope, member.Id));
            Console.WriteLine($"Removed {member.Login}.");
            return 0;
        });
        return new Command("member", "Manage members.") { add, list, remove };
    }
}
