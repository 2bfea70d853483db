namespace Dalel.Core.Import;

/// <summary>A column of the sheet and the field suggested for it (null: not suggested; the person chooses).</summary>
public sealed record ColumnSuggestion(int Column, string Header, string? Field);

/// <summary>
/// The column-mapping step of a sheet import: each header, in English, Russian or Kazakh as coalitions write them, gets
/// a suggested Dalel field; each field is suggested for one column at most (the first that names it). The person
/// confirms or changes every one, and may combine several columns into the narrative.
/// </summary>
public static class SuggestColumns
{
    /// <summary>Header words by field, compared after <see cref="SuggestValues.Normalise"/>; a header matches when it is one or begins with one.</summary>
    private static readonly (string Field, string[] Names)[] Names =
    [
        (ImportFields.Reference, ["номер", "№", "no", "id", "ref", "reference", "код дела", "номер дела", "case id", "case number", "нөмір", "іс нөмірі"]),
        (ImportFields.DateTo, ["дата окончания", "по", "end date", "date to", "аяқталу күні"]),
        (ImportFields.Date, ["дата", "дата инцидента", "когда", "date", "incident date", "when", "күні", "уақыты", "қашан"]),
        (ImportFields.Title, ["заголовок", "название", "title", "тақырып", "атауы"]),
        (ImportFields.Narrative, ["описание", "что произошло", "обстоятельства", "narrative", "description", "what happened", "сипаттама", "не болды", "мән жайы"]),
        (ImportFields.Region, ["регион", "область", "region", "oblast", "облыс", "аймақ"]),
        (ImportFields.Settlement, ["город", "населенный пункт", "city", "town", "settlement", "қала", "елді мекен"]),
        (ImportFields.Locality, ["место", "адрес", "place", "address", "location", "орны", "мекенжай"]),
        (ImportFields.Violation, ["нарушение", "вид нарушения", "тип инцидента", "violation", "incident type", "бұзушылық", "оқиға түрі"]),
        (ImportFields.Perpetrator, ["нарушитель", "кто", "исполнитель", "виновник", "perpetrator", "who", "кім", "құқық бұзушы"]),
        (ImportFields.VictimCode, ["пострадавший", "жертва", "код пострадавшего", "victim", "victim code", "жәбірленуші"]),
        (ImportFields.Age, ["возраст", "age", "жасы", "жас"]),
        (ImportFields.GenderIdentity, ["гендер", "гендерная идентичность", "gender", "gender identity", "гендерлік сәйкестік"]),
        (ImportFields.SexualOrientation, ["ориентация", "сексуальная ориентация", "orientation", "sexual orientation", "жыныстық бағдар"]),
        (ImportFields.Consent, ["согласие", "consent", "келісім"]),
    ];

    public static IReadOnlyList<ColumnSuggestion> For(IReadOnlyList<string> header)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        var suggestions = new List<ColumnSuggestion>();
        for (var i = 0; i < header.Count; i++)
        {
            var name = SuggestValues.Normalise(header[i]);
            var field = name.Length == 0 ? null : Names
                .Where(n => !taken.Contains(n.Field))
                .Select(n => (n.Field, Best: n.Names.Select(SuggestValues.Normalise).Where(w => w.Length > 0 && (name == w || name.StartsWith(w + " ", StringComparison.Ordinal))).DefaultIfEmpty("").Max(w => w.Length)))
                .Where(n => n.Best > 0)
                .OrderByDescending(n => n.Best)
                .Select(n => n.Field)
                .FirstOrDefault();
            if (field is not null)
            {
                taken.Add(field);
            }

            suggestions.Add(new ColumnSuggestion(i, header[i], field));
        }

        return suggestions;
    }
}
