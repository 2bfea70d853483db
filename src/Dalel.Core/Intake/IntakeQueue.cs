using System.Data.Common;
using System.Security.Cryptography;
using System.Text.Json;
using Dalel.Core.Storage;
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
            var key = ReplyKey(report);
            try
            {
                return use(key);
            }
            finally
            {
                CryptographicOperations.ZeroMemory(key);
            }
        }

        private byte[] ReplyKey(IntakeReportRow report) => IntakeKeys.Open(privateKey, form.PublicKey, report.KeyForOrg, IntakeKeys.ReportKeyAad(report.Id));

        /// <summary>The whole thread as the organisation reads it; a reporter message that became a case shows only when it came.</summary>
        public List<IntakeMessage> Messages(DbConnection c, DbTransaction? t, IntakeReportRow report) =>
            With(report, key => IntakeStore.Messages(c, t, report.Id).Select(row => Message(report, row, key)).ToList());

        public IntakeMessage Message(IntakeReportRow report, IntakeMessageRow row, byte[] replyKey)
        {
            if (row.FromOrganisation)
            {
                return report.Scheme < IntakeStore.SealedToOrganisation ? Earlier<IntakeMessage>(replyKey, row.Sealed, IntakeKeys.MessageAad(report.Id, row.N)) : IntakeStore.OpenReply(report.Id, row, replyKey);
            }

            if (row.Sealed.Length == 0)
            {
                return new IntakeMessage { FromOrganisation = false, At = new DateTimeOffset(IntakeStore.OpenNote(report.Id, row, replyKey).On.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero), MovedToCase = true };
            }

            return report.Scheme < IntakeStore.SealedToOrganisation
                ? Earlier<IntakeMessage>(replyKey, row.Sealed, IntakeKeys.MessageAad(report.Id, row.N))
                : FromReporter<IntakeMessage>(row.Sealed, IntakeKeys.MessageAad(report.Id, row.N));
        }

        public List<(IntakeFileInfo Info, byte[] Content)> Files(DbConnection c, DbTransaction? t, IntakeReportRow report, int? only = null) =>
            With(report, key => IntakeStore.Files(c, t, report.Id).Where(f => only is null || f.N == only).Select(f => report.Scheme < IntakeStore.SealedToOrganisation
                ? (Earlier<IntakeFileInfo>(key, f.Info, IntakeKeys.FileAad(report.Id, f.N, "info")), Aead.Open(key, f.Content, IntakeKeys.FileAad(report.Id, f.N, "content")))
                : (FromReporter<IntakeFileInfo>(f.Info, IntakeKeys.FileAad(report.Id, f.N, "info")), Padding.Unpad(IntakeKeys.Open(privateKey, form.PublicKey, f.Content, IntakeKeys.FileAad(report.Id, f.N, "content"))))).ToList());

        public List<IntakeFileInfo> FileInfos(DbConnection c, DbTransaction? t, IntakeReportRow report) =>
            With(report, key => IntakeStore.Files(c, t, report.Id).Select(f => report.Scheme < IntakeStore.SealedToOrganisation
                ? Earlier<IntakeFileInfo>(key, f.Info, IntakeKeys.FileAad(report.Id, f.N, "info"))
                : FromReporter<IntakeFileInfo>(f.Info, IntakeKeys.FileAad(report.Id, f.N, "info"))).ToList());

        private T FromReporter<T>(byte[] sealedBytes, byte[] aad) =>
            JsonSerializer.Deserialize<T>(Padding.Unpad(IntakeKeys.Open(privateKey, form.PublicKey, sealedBytes, aad)), Json.Files)!;

        /// <summary>Reports received before reporter content was sealed to the organisation alone: unpadded, under the reply key.</summary>
        private static T Earlier<T>(byte[] replyKey, byte[] sealedBytes, byte[] aad) =>
            JsonSerializer.Deserialize<T>(Aead.Open(replyKey, sealedBytes, aad), Json.Files)!;

        public void Dispose() => privateKey.Dispose();
    }
}
