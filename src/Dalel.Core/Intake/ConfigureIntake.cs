using System.Security.Cryptography;
using System.Text.Json;
using System.Text.RegularExpressions;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Text;

namespace Dalel.Core.Intake;

/// <summary>An organisation's public form settings as an owner edits them; version 0 means never saved.</summary>
public sealed record IntakeConfiguration(IntakeSettings Settings, long Version);

/// <summary>
/// An owner turns the public form on or off and sets its address, wording and questions. The first save makes the
/// organisation's intake key pair, which needs the unsealed vault; later edits only replace the public settings.
/// </summary>
public sealed partial class ConfigureIntake(DalelInstance instance)
{
    public const int MaxQuestions = 30;
    public const int MaxLabel = 500;
    public const int MaxIntroduction = 5_000;

    public Result<long> Run(OrgScope scope, IntakeSettings settings, long expectedVersion)
    {
        var opened = instance.Enter(scope, Capability.ConfigureIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        settings = settings with { Slug = settings.Slug.Trim().ToLowerInvariant(), PublicName = settings.PublicName.Trim(), QuickExitUrl = settings.QuickExitUrl.Trim() };
        var errors = Validate(settings);
        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var json = JsonSerializer.Serialize(settings, Json.Files);
        return open.Write<Result<long>>((c, t, audit) =>
        {
            var taken = c.Scalar<long>(t, "SELECT COUNT(*) FROM intake_forms WHERE slug = @s AND org_id <> @org", ("s", settings.Slug), ("org", scope.OrganisationId));
            if (taken > 0)
            {
                return new AlreadyExists("Slug");
            }

            var current = IntakeStore.FormOf(c, t, scope.OrganisationId);
            if ((current?.Version ?? 0) != expectedVersion)
            {
                return new EditConflict();
            }

            if (current is null)
            {
                var (publicKey, wrappedPrivate) = IntakeKeys.NewPair(open.DataKey, scope.OrganisationId);
                // Two first saves at once (or two organisations taking one address at once): the later insert does
                // nothing, and says why, instead of failing on the unique key.
                if (c.Execute(t, "INSERT INTO intake_forms (org_id, slug, settings, public_key, wrapped_private_key, version) VALUES (@org, @slug, @json, @pub, @priv, 1) ON CONFLICT DO NOTHING",
                        ("org", scope.OrganisationId), ("slug", settings.Slug), ("json", json), ("pub", publicKey), ("priv", wrappedPrivate)) == 0)
                {
                    return IntakeStore.FormOf(c, t, scope.OrganisationId) is null ? new AlreadyExists("Slug") : new EditConflict();
                }
            }
            else
            {
                c.Execute(t, "UPDATE intake_forms SET slug = @slug, settings = @json, version = version + 1 WHERE org_id = @org",
                    ("slug", settings.Slug), ("json", json), ("org", scope.OrganisationId));
            }

            audit(AuditAction.IntakeConfigured, scope.OrganisationId.ToString("D"));
            return expectedVersion + 1;
        });
    }

    public static List<FieldError> Validate(IntakeSettings s)
    {
        var errors = new List<FieldError>();
        if (!SlugPattern().IsMatch(s.Slug))
        {
            errors.Add(new FieldError("Slug", "error.intake_slug"));
        }

        if (s.PublicName.Length is 0 or > 200)
        {
            errors.Add(new FieldError("PublicName", "error.required"));
        }

        if (s.Introduction.Values.Any(v => v.Length > MaxIntroduction))
        {
            errors.Add(new FieldError("Introduction", "error.too_long", MaxIntroduction.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (!Uri.TryCreate(s.QuickExitUrl, UriKind.Absolute, out var exit) || exit.Scheme is not ("https" or "http"))
        {
            errors.Add(new FieldError("QuickExitUrl", "error.intake_quick_exit"));
        }

        if (s.Questions.Count > MaxQuestions)
        {
            errors.Add(new FieldError("Questions", "error.intake_too_many_questions", MaxQuestions.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (s.Enabled && s.Questions.Count == 0)
        {
            errors.Add(new FieldError("Questions", "error.intake_no_questions"));
        }

        for (var i = 0; i < s.Questions.Count; i++)
        {
            var q = s.Questions[i];
            var field = $"Questions[{i}]";
            if (!IdPattern().IsMatch(q.Id) || s.Questions.Take(i).Any(p => p.Id == q.Id))
            {
                errors.Add(new FieldError(field + ".Id", "error.intake_question_id"));
            }

            if (q.Label.Values.All(string.IsNullOrWhiteSpace) || q.Label.Values.Any(v => v.Length > MaxLabel))
            {
                errors.Add(new FieldError(field + ".Label", "error.intake_label"));
            }

            if (q.Kind == QuestionKind.Choice && (q.Options.Count is < 2 or > 20 || q.Options.Any(o => o.Values.All(string.IsNullOrWhiteSpace) || o.Values.Any(v => v.Length > MaxLabel))))
            {
                errors.Add(new FieldError(field + ".Options", "error.intake_options"));
            }
        }

        return errors;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{2,39}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("^[a-z0-9_]{1,40}$")]
    private static partial Regex IdPattern();
}

/// <summary>The questions most coalition members ask, in every language, as a starting point an owner edits.</summary>
public static class DefaultIntake
{
    public static IntakeSettings Settings() => new()
    {
        Slug = "report-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3)),
        PublicName = "",
        Introduction = Texts.Translations("intake.default_introduction"),
        Questions =
        [
            Question("what", QuestionKind.Paragraphs, required: true),
            Question("when", QuestionKind.Line),
            Question("where", QuestionKind.Line),
            Question("who", QuestionKind.Line),
            Question("consent", QuestionKind.Choice, options: ["intake.option.consent_yes", "intake.option.consent_no"]),
            Question("contact", QuestionKind.Line),
        ],
    };

    private static IntakeQuestion Question(string id, QuestionKind kind, bool required = false, string[]? options = null) => new()
    {
        Id = id,
        Kind = kind,
        Required = required,
        Label = Texts.Translations($"intake.question.{id}"),
        Options = (options ?? []).Select(o => Texts.Translations(o)).ToList(),
    };
}
