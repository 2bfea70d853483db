using System.Globalization;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>
/// Someone reports through an organisation's public form. The answers and files are sealed at once to the
/// organisation's public key alone; the receipt opens a new reply key, for the organisation's answers. The instance may be sealed, and
/// nothing about the sender (address, browser) is asked for or kept. Returns the receipt, shown once.
/// </summary>
public sealed class SubmitIntakeReport(DalelInstance instance)
{
    public const int MaxShort = 1_000;
    public const int MaxLong = 20_000;

    public Result<string> Run(string slug, IReadOnlyDictionary<string, string?> answers, string language, IReadOnlyList<IntakeUpload>? files = null)
    {
        files = (files ?? []).Where(f => f.Content.Length > 0).ToList();
        var door = Door.PublicForm.At(instance, slug);
        if (!door.IsOk)
        {
            return door.Error!;
        }

        var form = door.Value.Form;

        var errors = new List<FieldError>();
        var kept = new List<IntakeAnswer>();
        foreach (var q in form.Settings.Questions)
        {
            var value = answers.GetValueOrDefault(q.Id)?.Trim() ?? "";
            if (value.Length == 0)
            {
                if (q.Required)
                {
                    errors.Add(new FieldError(q.Id, "error.required"));
                }

                continue;
            }

            var max = q.Kind == QuestionKind.Paragraphs ? MaxLong : MaxShort;
            if (q.Kind == QuestionKind.Choice)
            {
                if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index < 0 || index >= q.Options.Count)
                {
                    errors.Add(new FieldError(q.Id, "error.unknown_code"));
                    continue;
                }

                value = IntakeText.In(q.Options[index], language);
            }
            else if (value.Length > max)
            {
                errors.Add(new FieldError(q.Id, "error.too_long", max.ToString(CultureInfo.InvariantCulture)));
                continue;
            }

            kept.Add(new IntakeAnswer(q.Id, q.LabelIn(language), value));
        }

        if (files.Count > 0 && !form.Settings.AllowFiles)
        {
            errors.Add(new FieldError("Files", "error.intake_no_files"));
        }
        else if (files.Count > IntakeSettings.MaxFiles || files.Any(f => f.Content.Length > IntakeSettings.MaxFileBytes))
        {
            errors.Add(new FieldError("Files", "error.intake_files", IntakeSettings.MaxFiles.ToString(CultureInfo.InvariantCulture), (IntakeSettings.MaxFileBytes / (1024 * 1024)).ToString(CultureInfo.InvariantCulture)));
        }

        foreach (var f in files.Where(f => Cases.FileTypes.ClaimsAnImageItIsNot(f.ContentType, f.Content)))
        {
            errors.Add(new FieldError("Files", "error.file_not_the_image_it_claims", Path.GetFileName(f.FileName)));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        if (kept.Count == 0 && files.Count == 0)
        {
            return Invalid.One("", "error.intake_empty");
        }

        var receipt = Receipt.New();
        var normalised = Receipt.Normalise(receipt)!;
        var reportId = Guid.NewGuid();
        var replyKey = Aead.NewKey();
        try
        {
            var now = door.Value.Now;
            var message = new IntakeMessage { FromOrganisation = false, At = now, Answers = kept, Language = language };
            door.Value.Write((c, t, audit) =>
            {
                var stored = files.Select((f, i) =>
                {
                    var name = Path.GetFileName(f.FileName.Trim()) is { Length: > 0 } n ? n[..Math.Min(n.Length, 255)] : "file";
                    var type = string.IsNullOrWhiteSpace(f.ContentType) ? "application/octet-stream" : f.ContentType;
                    return (new IntakeFileInfo(i + 1, name, type, f.Content.Length, Convert.ToHexStringLower(SHA256.HashData(f.Content)), now), f.Content);
                }).ToList();
                IntakeStore.InsertReport(c, t, form.OrgId, form.PublicKey, reportId, normalised, replyKey, message, stored);
                audit(AuditAction.IntakeReceived, reportId.ToString("D"));
                return Done.Value;
            });
            return receipt;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(replyKey);
        }
    }
}
