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
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
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

        opened.Value.Audit(AuditAction.SubmissionExported, id.ToString("D"));
        return built;
    }
}
