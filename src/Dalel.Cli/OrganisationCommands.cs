using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>Organisations: add, list, share with the coalition.</summary>
internal static class OrganisationCommands
{
    internal static Command Org()
    {
        var name = new Option<string>("--name") { Required = true, Description = "Organisation name" };
        var add = new Command("add", "Add an organisation.") { name };
        add.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var id = Terminal.Ok(new CreateOrganisation(instance).Run(p.GetValue(name)!, Actors.Cli));
            Console.WriteLine(id);
            return 0;
        });
        var list = new Command("list", "List organisations.");
        list.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            foreach (var o in Terminal.Ok(new ListOrganisations(instance).Run()))
            {
                Console.WriteLine($"{o.Id}  {o.Name}");
            }

            return 0;
        });
        var shareOrg = new Option<Guid>("--org") { Required = true, Description = "Organisation id" };
        var on = new Argument<string>("on|off") { Description = "Count this organisation's consented cases in coalition statistics, or stop" };
        on.AcceptOnlyFromAmong("on", "off");
        var share = new Command("share", "Opt an organisation in to (or out of) the coalition's anonymous statistics.") { shareOrg, on };
        share.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            Terminal.Ok(new SetCoalitionSharing(instance).Run(OrgScope.Cli(p.GetValue(shareOrg)), p.GetValue(on) == "on"));
            Console.WriteLine(p.GetValue(on) == "on" ? "Shares anonymous statistics with the coalition." : "No longer shares statistics with the coalition.");
            return 0;
        });
        return new Command("org", "Manage organisations.") { add, list, share };
    }
}
