using System.CommandLine;
using Dalel.Core.Api;
using Dalel.Core.Members;
using Dalel.Core.Organisations;

namespace Dalel.Cli;

/// <summary>API tokens from the command line, for servers administered without a browser: the same use cases as the page.</summary>
internal static class TokenCommands
{
    internal static Command Build()
    {
        var org = new Option<Guid>("--org") { Required = true, Description = "Organisation the token acts for", Recursive = true };
        var name = new Option<string>("--name") { Required = true, Description = "What the token is for, e.g. 'report generator'" };
        var scopes = new Option<string[]>("--scope") { Required = true, AllowMultipleArgumentsPerToken = true, Description = $"One or more of: {string.Join(", ", ApiScopes.All)}" };
        var days = new Option<int>("--days") { Description = $"Valid for 1 to {CreateApiToken.MaxDays} days", DefaultValueFactory = _ => 90 };
        var create = new Command("create", "Create a token; it is printed once and kept only as a hash.") { name, scopes, days };
        create.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var created = Terminal.Ok(new CreateApiToken(instance).Run(Commands.InOrganisation(instance, p.GetValue(org)), p.GetValue(name)!, p.GetValue(scopes)!, p.GetValue(days)));
            Console.Error.WriteLine($"Token {created.Token.Id} ({string.Join(", ", created.Token.Scopes)}), valid until {created.Token.ExpiresAt:yyyy-MM-dd}. It is shown this once:");
            Console.WriteLine(created.Secret);
            return 0;
        });
        var list = new Command("list", "List the organisation's tokens (never their secrets).");
        list.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            var now = instance.Clock.GetUtcNow();
            foreach (var token in Terminal.Ok(new ListApiTokens(instance).Run(Commands.InOrganisation(instance, p.GetValue(org)))))
            {
                var state = token.RevokedAt is not null ? "revoked" : token.Active(now) ? "active" : "expired";
                Console.WriteLine($"{token.Id}  {state,-7}  until {token.ExpiresAt:yyyy-MM-dd}  {string.Join(",", token.Scopes),-40}  {token.Name}");
            }

            return 0;
        });
        var id = new Option<Guid>("--id") { Required = true, Description = "The token's id (from 'dalel token list')" };
        var revoke = new Command("revoke", "Revoke a token: it stops working at once.") { id };
        revoke.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenUnsealed();
            Terminal.Ok(new RevokeApiToken(instance).Run(Commands.InOrganisation(instance, p.GetValue(org)), p.GetValue(id)));
            Console.Error.WriteLine("Revoked.");
            return 0;
        });
        return new Command("token", "API tokens of an organisation (see docs/api.md).") { org, create, list, revoke };
    }
}
