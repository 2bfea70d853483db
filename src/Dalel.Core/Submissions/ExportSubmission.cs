using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Submissions;

public enum SubmissionFormat
{
    Docx,
    Html,
}

/// <summary>
/// Builds and writes a submission. Nothing is written while a problem remains: a story without consent or with an
/// unresolved identifying detail, a number the disclosure rules withhold, or a length over the limit without an
/// owner's override.
/// </summary>
public sealed class ExportSubmission(DalelInstance instance)
{
    public Result<BuiltSubmission> Run(OrgScope scope, Guid id, SubmissionFormat format, Stream output)
    {
        if (!scope.Can(Capability.EditReports))
        {
            return new Forbidden();
        }

        var built = new BuildSubmission(instance).Run(scope, id);
        if (!built.IsOk)
        {
            return built.Error!;
        }

        if (built.Value.Problems.Count > 0)
        {
            return new Invalid(built.Value.Problems);
        }

        if (format == SubmissionFormat.Docx)
        {
            SubmissionDocx.Write(built.Value, output);
        }
        else
        {
            using var writer = new StreamWriter(output, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(SubmissionHtml.Render(built.Value));
        }

        instance.Database.Write((c, t) =>
        {
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.SubmissionExported, scope.OrganisationId, id.ToString("D"));
            return Done.Value;
        });
        return built;
    }
}
