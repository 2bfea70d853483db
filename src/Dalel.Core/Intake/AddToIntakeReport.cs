using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>A reporter adds to their report with the receipt code. Works while sealed; the organisation sees it as awaiting a reply.</summary>
public sealed class AddToIntakeReport(DalelInstance instance)
{
    public Result<Done> Run(string slug, string? receipt, string text, string language)
    {
        text = text.Trim();
        if (text.Length == 0)
        {
            return Invalid.One("Text", "error.required");
        }

        if (text.Length > SubmitIntakeReport.MaxLong)
        {
            return Invalid.One("Text", "error.too_long", SubmitIntakeReport.MaxLong.ToString(CultureInfo.InvariantCulture));
        }

        var opened = FollowIntakeReport.OpenByReceipt(instance, slug, receipt);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var (door, report, key) = opened.Value;
        try
        {
            return door.Write((c, t, audit) =>
            {
                // The state update first: its row lock orders concurrent messages on one report, so their numbers differ.
                IntakeStore.SetState(c, t, report.Id, report.Status == IntakeStatus.Closed ? IntakeStatus.Open : report.Status, awaitingReply: true);
                IntakeStore.AddFromReporter(c, t, report.Id, door.Form.PublicKey, key, new IntakeMessage { FromOrganisation = false, At = door.Now, Text = text, Language = language });
                audit(AuditAction.IntakeReporterAdded, report.Id.ToString("D"));
                return new Result<Done>(Done.Value);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }
}
