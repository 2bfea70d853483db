using System.Globalization;
using System.Text;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>How a suggestion was found, so the person knows how far to trust it.</summary>
public enum SuggestionBasis
{
    /// <summary>The value is a term's label (in any language) or code.</summary>
    Label,

    /// <summary>The value is a word people commonly use for the term ("МВД", "участковый" for police).</summary>
    Synonym,

    /// <summary>The value and a label share a long enough beginning or one contains the other: check it.</summary>
    Close,
}

/// <summary>A distinct value found in a column, how often, and the term suggested for it (null: none; listed, never dropped).</summary>
public sealed record ValueSuggestion(string Value, int Count, string? Code, SuggestionBasis? Basis);

/// <summary>
/// The value-mapping step of a sheet import: every distinct value of a coded column, with its count, and a suggested
/// vocabulary term from labels in English, Russian and Kazakh, the words people commonly write, and close matches.
/// The person confirms or changes each; nothing unmatched is silently dropped.
/// </summary>
public static class SuggestValues
{
    /// <summary>Words documenters write for terms, by vocabulary, as they write them (compared after <see cref="Normalise"/>).</summary>
    private static readonly Dictionary<string, Dictionary<string, string>> Synonyms = new(StringComparer.Ordinal)
    {
        [Catalog.PerpetratorTypes] = new(StringComparer.Ordinal)
        {
            ["МВД"] = "police", ["участковый"] = "police", ["полицейские"] = "police", ["полицейский"] = "police", ["менты"] = "police", ["патруль"] = "police",
            ["police officers"] = "police", ["полиция қызметкерлері"] = "police", ["учаскелік"] = "police",
            ["кнб"] = "other_law_enforcement", ["прокуратура"] = "other_law_enforcement", ["ұқк"] = "other_law_enforcement",
            ["соседи"] = "private_individual", ["сосед"] = "private_individual", ["родственники"] = "family", ["родители"] = "family", ["отец"] = "family", ["мать"] = "family",
            ["врач"] = "medical_staff", ["врачи"] = "medical_staff", ["учитель"] = "educator", ["работодатель"] = "employer", ["сми"] = "media",
            ["неизвестные"] = "unknown", ["неизвестно"] = "unknown", ["белгісіз"] = "unknown",
        },
        [Catalog.Violations] = new(StringComparer.Ordinal)
        {
            ["избиение"] = "physical_assault", ["побои"] = "physical_assault", ["нападение"] = "physical_assault", ["ұрып соғу"] = "physical_assault",
            ["угрозы"] = "threats", ["угроза"] = "threats", ["қорқыту"] = "threats",
            ["вымогательство"] = "extortion_blackmail", ["шантаж"] = "extortion_blackmail", ["бопсалау"] = "extortion_blackmail",
            ["подстава"] = "fake_dating", ["фейковое свидание"] = "fake_dating", ["подставное свидание"] = "fake_dating", ["ловля на живца"] = "fake_dating",
            ["аутинг"] = "outing_other", ["задержание"] = "arbitrary_detention", ["рейд"] = "raid", ["облава"] = "raid",
        },
        [Catalog.ConsentUses] = new(StringComparer.Ordinal)
        {
            ["нет"] = "internal", ["no"] = "internal", ["жоқ"] = "internal", ["только для нас"] = "internal",
            ["статистика"] = "anonymous_statistics", ["statistics"] = "anonymous_statistics",
        },
    };

    public static IReadOnlyList<ValueSuggestion> For(Vocabulary vocabulary, IEnumerable<string> values) =>
        For(vocabulary.Name, vocabulary.Terms.Select(t => new ImportChoice(t.Code, t.Labels, [])).ToList(), values, place: false);

    public static IReadOnlyList<ValueSuggestion> For(ImportChoices choices, IEnumerable<string> values) =>
        For(ImportFields.VocabularyOf(choices.Field) ?? "", choices.Terms, values, ImportFields.IsPlace(choices.Field));

    /// <summary>The suggestion for one value (null code: none), as <see cref="For(ImportChoices, IEnumerable{string})"/> makes it.</summary>
    public static (string? Code, SuggestionBasis? Basis) One(ImportChoices choices, string value) =>
        For(choices, [value]) is [var only] ? (only.Code, only.Basis) : (null, null);

    private static List<ValueSuggestion> For(string vocabulary, IReadOnlyList<ImportChoice> terms, IEnumerable<string> values, bool place)
    {
        Func<string, string> compare = place ? ImportChoices.PlaceName : Normalise;
        var labels = terms
            .SelectMany(t => t.Labels.All().Append(t.Code).Select(compare).Concat(t.Names).Select(l => (Label: l, t.Code)))
            .Where(l => l.Label.Length > 0)
            .ToList();
        var synonyms = (Synonyms.GetValueOrDefault(vocabulary) ?? []).ToDictionary(s => Normalise(s.Key), s => s.Value, StringComparer.Ordinal);
        return values.Select(v => v.Trim()).Where(v => v.Length > 0)
            .GroupBy(v => v, StringComparer.OrdinalIgnoreCase)
            .Select(g =>
            {
                var value = compare(g.Key);
                var (code, basis) = labels.FirstOrDefault(l => l.Label == value) is { Code: { } exact }
                    ? (exact, SuggestionBasis.Label)
                    : synonyms.TryGetValue(value, out var synonym)
                        ? (synonym, (SuggestionBasis?)SuggestionBasis.Synonym)
                        : labels.FirstOrDefault(l => Close(l.Label, value)) is { Code: { } close }
                            ? (close, SuggestionBasis.Close)
                            : ((string?)null, (SuggestionBasis?)null);
                return new ValueSuggestion(g.Key, g.Count(), code, basis);
            })
            .OrderByDescending(s => s.Count).ThenBy(s => s.Value, StringComparer.CurrentCulture)
            .ToList();
    }

    /// <summary>Lower case, ё as е, й as и, no punctuation or repeated spaces: how a person would compare two words.</summary>
    public static string Normalise(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC).ToLower(CultureInfo.InvariantCulture))
        {
            var ch = c switch { 'ё' => 'е', 'й' => 'и', _ => c };
            if (char.IsLetterOrDigit(ch))
            {
                builder.Append(ch);
            }
            else if (builder.Length > 0 && builder[^1] != ' ')
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Trim();
    }

    /// <summary>A shared beginning of at least six letters, or one containing the other (at least four letters).</summary>
    private static bool Close(string label, string value) =>
        (label.Length >= 6 && value.Length >= 6 && label[..6] == value[..6])
        || (value.Length >= 4 && label.Contains(value, StringComparison.Ordinal))
        || (label.Length >= 4 && value.Contains(label, StringComparison.Ordinal));
}
