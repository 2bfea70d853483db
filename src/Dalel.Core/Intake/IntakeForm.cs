namespace Dalel.Core.Intake;

public enum QuestionKind
{
    /// <summary>One line of text.</summary>
    Line,

    /// <summary>Several paragraphs.</summary>
    Paragraphs,

    /// <summary>One of the options the organisation listed.</summary>
    Choice,
}

/// <summary>One question of an organisation's public form, worded in each language the organisation filled in.</summary>
public sealed record IntakeQuestion
{
    public required string Id { get; init; }

    public QuestionKind Kind { get; init; }

    public bool Required { get; init; }

    /// <summary>Wording by language (en, ru, kk); a language left empty shows the first one given.</summary>
    public required IReadOnlyDictionary<string, string> Label { get; init; }

    /// <summary>For <see cref="QuestionKind.Choice"/>: each option's wording by language, in order.</summary>
    public IReadOnlyList<IReadOnlyDictionary<string, string>> Options { get; init; } = [];

    public string LabelIn(string language) => IntakeText.In(Label, language);
}

/// <summary>
/// What an organisation's public form shows. Public by design (anyone can open the form), so it is stored as it is:
/// it must be readable while the instance is sealed, when nobody holds a key.
/// </summary>
public sealed record IntakeSettings
{
    public bool Enabled { get; init; }

    /// <summary>The form's address: /report/{Slug}.</summary>
    public required string Slug { get; init; }

    /// <summary>The name the form shows, which need not be the organisation's registered name.</summary>
    public required string PublicName { get; init; }

    public IReadOnlyDictionary<string, string> Introduction { get; init; } = new Dictionary<string, string>();

    /// <summary>Where the quick-exit button leads: an ordinary site that draws no attention.</summary>
    public string QuickExitUrl { get; init; } = DefaultQuickExit;

    public IReadOnlyList<IntakeQuestion> Questions { get; init; } = [];

    /// <summary>Reporters may send files with a report (screenshots, photos, documents).</summary>
    public bool AllowFiles { get; init; }

    public const string DefaultQuickExit = "https://www.wikipedia.org/";

    public const int MaxFiles = 3;

    public const int MaxFileBytes = 10 * 1024 * 1024;
}

/// <summary>A reporter's answer, kept with the question's wording as they saw it so later edits to the form do not change its meaning.</summary>
public sealed record IntakeAnswer(string QuestionId, string Question, string Answer);

/// <summary>One message of a report's thread: the first report, a reporter's addition, or the organisation's reply.</summary>
public sealed record IntakeMessage
{
    public required bool FromOrganisation { get; init; }

    public required DateTimeOffset At { get; init; }

    public IReadOnlyList<IntakeAnswer> Answers { get; init; } = [];

    public string Text { get; init; } = "";

    /// <summary>The language the reporter used, so a reply can be written in it.</summary>
    public string Language { get; init; } = "en";

    /// <summary>A reporter message whose words became a case and left the intake tables: only when it came is kept.</summary>
    public bool MovedToCase { get; init; }
}

/// <summary>A file as a reporter sends it.</summary>
public sealed record IntakeUpload(string FileName, string ContentType, byte[] Content);

/// <summary>A file received with a report: what it is and its SHA-256 at receipt, for the custody record.</summary>
public sealed record IntakeFileInfo(int N, string FileName, string ContentType, long Size, string Sha256, DateTimeOffset ReceivedAt);

public enum IntakeStatus
{
    New,
    Open,
    Converted,
    Closed,
}

public static class IntakeText
{
    public static string In(IReadOnlyDictionary<string, string> byLanguage, string language) =>
        byLanguage.TryGetValue(language, out var text) && !string.IsNullOrWhiteSpace(text)
            ? text
            : Text.Texts.Languages.Select(l => byLanguage.GetValueOrDefault(l)).FirstOrDefault(t => !string.IsNullOrWhiteSpace(t)) ?? "";
}
