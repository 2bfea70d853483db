using Dalel.Core.Intake;

namespace Dalel.Web.Pages.Orgs.Intake;

/// <summary>The settings page's form: one row per question plus a blank one to add, each wording per language.</summary>
public sealed class IntakeSettingsForm
{
    public bool Enabled { get; set; }

    public bool AllowFiles { get; set; }

    public string Slug { get; set; } = "";

    public string PublicName { get; set; } = "";

    public string QuickExitUrl { get; set; } = IntakeSettings.DefaultQuickExit;

    public Dictionary<string, string> Introduction { get; set; } = [];

    public List<QuestionRow> Questions { get; set; } = [];

    public sealed class QuestionRow
    {
        public string Id { get; set; } = "";

        public QuestionKind Kind { get; set; }

        public bool Required { get; set; }

        public bool Remove { get; set; }

        public int Order { get; set; }

        public Dictionary<string, string> Label { get; set; } = [];

        /// <summary>Options per language, one per line.</summary>
        public Dictionary<string, string> Options { get; set; } = [];

        public bool IsBlank => string.IsNullOrWhiteSpace(Id) && Label.Values.All(string.IsNullOrWhiteSpace);
    }

    public static IntakeSettingsForm From(IntakeSettings s) => new()
    {
        Enabled = s.Enabled,
        AllowFiles = s.AllowFiles,
        Slug = s.Slug,
        PublicName = s.PublicName,
        QuickExitUrl = s.QuickExitUrl,
        Introduction = new(s.Introduction),
        Questions = s.Questions.Select((q, i) => new QuestionRow
        {
            Id = q.Id,
            Kind = q.Kind,
            Required = q.Required,
            Order = (i + 1) * 10,
            Label = new(q.Label),
            Options = Dalel.Core.Text.Texts.Languages.ToDictionary(l => l, l => string.Join('\n', q.Options.Select(o => o.GetValueOrDefault(l) ?? ""))),
        }).ToList(),
    };

    /// <summary>The settings to save; an option list whose languages disagree in length is reported on its question.</summary>
    public (IntakeSettings Settings, List<string> BadOptionRows) ToSettings()
    {
        var bad = new List<string>();
        var rows = Questions.Select((q, i) => (Row: q, Index: i)).Where(r => !r.Row.Remove && !r.Row.IsBlank).OrderBy(r => r.Row.Order).ToList();
        var questions = new List<IntakeQuestion>();
        foreach (var (row, index) in rows)
        {
            var lines = Dalel.Core.Text.Texts.Languages.ToDictionary(l => l, l => Lines(row.Options.GetValueOrDefault(l)));
            var counts = lines.Values.Where(v => v.Count > 0).Select(v => v.Count).Distinct().ToList();
            if (row.Kind == QuestionKind.Choice && counts.Count > 1)
            {
                bad.Add($"Form.Questions[{index}].Options");
            }

            var count = counts.Count == 0 ? 0 : counts.Max();
            questions.Add(new IntakeQuestion
            {
                Id = (row.Id ?? "").Trim().ToLowerInvariant(),
                Kind = row.Kind,
                Required = row.Required,
                Label = Clean(row.Label),
                Options = row.Kind != QuestionKind.Choice ? [] : Enumerable.Range(0, count)
                    .Select(i => (IReadOnlyDictionary<string, string>)lines.Where(l => l.Value.Count > i).ToDictionary(l => l.Key, l => l.Value[i])).ToList(),
            });
        }

        return (new IntakeSettings
        {
            Enabled = Enabled,
            AllowFiles = AllowFiles,
            Slug = Slug ?? "",
            PublicName = PublicName ?? "",
            QuickExitUrl = QuickExitUrl ?? "",
            Introduction = Clean(Introduction),
            Questions = questions,
        }, bad);
    }

    private static Dictionary<string, string> Clean(Dictionary<string, string>? byLanguage) =>
        (byLanguage ?? []).Where(p => Dalel.Core.Text.Texts.Languages.Contains(p.Key) && !string.IsNullOrWhiteSpace(p.Value)).ToDictionary(p => p.Key, p => p.Value.Trim());

    private static List<string> Lines(string? text) =>
        (text ?? "").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
}
