using System.Security.Cryptography;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>A reporter opens their report with the receipt code, on the form's address. Works while sealed.</summary>
public sealed class FollowIntakeReport(DalelInstance instance)
{
    public Result<IntakeThread> Run(string slug, string? receipt)
    {
        var opened = OpenByReceipt(instance, slug, receipt);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (door, report, key) = opened.Value;
        try
        {
            // All the receipt opens: the organisation's replies and, of the reporter's own messages, when they were sent.
            var (sent, replies) = door.Read(c => IntakeStore.OpenForReporter(c, report, key));
            return new IntakeThread(report.Status, sent[0], sent, replies);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    /// <summary>The same answer for a mistyped code, an unknown code and another form's code.</summary>
    internal static Result<(Door.PublicForm Door, IntakeReportRow Report, byte[] Key)> OpenByReceipt(DalelInstance instance, string slug, string? receipt)
    {
        var normalised = Receipt.Normalise(receipt);
        var door = Door.PublicForm.At(instance, slug);
        if (normalised is null || !door.IsOk)
        {
            return Invalid.One("Receipt", "error.intake_receipt");
        }

        var report = door.Value.Read(c => IntakeStore.ReportByReceipt(c, null, normalised));
        if (report is null || report.OrgId != door.Value.Form.OrgId || IntakeStore.KeyFor(normalised, report) is not { } key)
        {
            return Invalid.One("Receipt", "error.intake_receipt");
        }

        return (door.Value, report, key);
    }
}
