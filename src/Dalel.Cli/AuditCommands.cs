using System.CommandLine;
using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Demo;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Transfer;
using Dalel.Core.Vault;

namespace Dalel.Cli;

/// <summary>The audit chain: verify it and print its head.</summary>
internal static class AuditCommands
{
    internal static Command AuditCommand()
    {
        var anchors = new Option<string[]>("--anchor") { Description = "A head printed by an earlier run (seq:hash), kept outside Dalel: it must still be in the chain", AllowMultipleArgumentsPerToken = true };
        var verify = new Command("verify", "Check the audit log's hash chain; report the first changed, removed or reordered entry, and print the head to keep elsewhere.") { anchors };
        verify.SetAction(p =>
        {
            using var instance = Commands.Where(p).OpenInitialised();
            var result = VerifyAuditLog.Of(instance).Run(p.GetValue(anchors) ?? []);
            if (!result.Intact)
            {
                throw new CliFailure($"Audit log broken at entry {result.FirstBadSeq}: {result.Problem}.");
            }

            Console.WriteLine($"Audit log intact: {result.EntriesChecked} entries.");
            if (result.Head is { } head)
            {
                Console.WriteLine($"Head: {head}   (keep it outside Dalel; later: dalel audit verify --anchor {head})");
            }

            return 0;
        });
        return new Command("audit", "Audit log.") { verify };
    }
}
