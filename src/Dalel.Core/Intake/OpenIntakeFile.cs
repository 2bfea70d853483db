using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>A file a reporter sent, decrypted for a documenter (files identify people: it needs the right to see identities).</summary>
public sealed class OpenIntakeFile(DalelInstance instance)
{
    public Result<(IntakeFileInfo Info, byte[] Content)> Run(OrgScope scope, Guid id, int n)
    {
        if (!scope.Can(Capability.ReadIdentities))
        {
            return new Forbidden();
        }

        var opened = OpenIntake.For(instance, scope);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (open, form) = opened.Value;
        using var keys = OpenIntake.Keys(form, open);
        var found = open.Read(c =>
        {
            var report = IntakeStore.Report(c, null, scope.OrganisationId, id);
            return report is null ? default : keys.Files(c, null, report, only: n).Select(f => ((IntakeFileInfo?)f.Info, (byte[]?)f.Content)).FirstOrDefault();
        });
        if (found.Item1 is null || found.Item2 is null)
        {
            return new NotFound();
        }

        open.Audit(AuditAction.IntakeFileOpened, id.ToString("D"));
        return (found.Item1, found.Item2);
    }
}
