using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

public sealed record IntakeSummary(Guid Id, DateTimeOffset ReceivedAt, IntakeStatus Status, bool AwaitingReply, int Messages, string Excerpt, Guid? CaseId);

public sealed record IntakeReport(Guid Id, IntakeStatus Status, bool AwaitingReply, Guid? CaseId, IReadOnlyList<IntakeMessage> Messages, IReadOnlyList<IntakeFileInfo> Files);

/// <summary>Through the door, with the organisation's form, for documenters working the intake queue.</summary>
internal static class OpenIntake
{
    public static Result<(Door.Unsealed Open, IntakeFormRow Form)> For(DalelInstance instance, OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.HandleIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var form = opened.Value.Read(c => IntakeStore.FormOf(c, null, scope.OrganisationId));
        return form is null ? new NotFound() : (opened.Value, form);
    }

    /// <summary>Opens report keys with the organisation's private key, unwrapped once per use case, not once per report.</summary>
    public static ReportKeys Keys(IntakeFormRow form, Door.Unsealed open) =>
        new(form, IntakeKeys.ImportPrivateKey(form.WrappedPrivateKey, open.DataKey, form.OrgId));

    public sealed class ReportKeys(IntakeFormRow form, ECDiffieHellman privateKey) : IDisposable
    {
        public T With<T>(IntakeReportRow report, Func<byte[], T> use)
        {
            var key = IntakeKeys.Open(privateKey, form.PublicKey, report.KeyForOrg, IntakeKeys.ReportKeyAad(report.Id));
            try
            {
                return use(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        public void Dispose() => privateKey.Dispose();
    }
}
