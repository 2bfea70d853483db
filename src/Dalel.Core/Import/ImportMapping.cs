using System.Text.Json;

namespace Dalel.Core.Import;

/// <summary>
/// A column of the sheet (0 is column A) and the Dalel field it holds; <see cref="Header"/>, kept in saved profiles,
/// finds the column again in a later sheet whose columns are in another order.
/// </summary>
public sealed record MappedColumn(int Column, string Field, string? Header = null);

/// <summary>
/// How a sheet becomes cases: which column holds which field, whether each row is a case or a victim (rows with the
/// same reference are then one case), and for every coded field which term each value stands for. Saved per
/// organisation as a named profile, or kept in a file for the CLI (<c>--map</c>).
/// </summary>
public sealed record ImportMapping
{
    public IReadOnlyList<MappedColumn> Columns { get; init; } = [];

    /// <summary>Each row is one victim; rows with the same reference are one case.</summary>
    public bool RowPerVictim { get; init; }

    /// <summary>By field, each value as found (compared without case or surrounding spaces) and its code; "" ignores the value on purpose.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Values { get; init; } = new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>The State of rows whose place names none; places are also matched in <see cref="AlsoCountries"/>.</summary>
    public string Country { get; init; } = "KZ";

    /// <summary>The organisation's other States: a row naming one of their regions is a case there.</summary>
    public IReadOnlyList<string> AlsoCountries { get; init; } = [];

    public IReadOnlyList<string> AllCountries => [Country, .. AlsoCountries.Where(c => c != Country)];

    /// <summary>How the consent recorded in the sheet was obtained (a consent-methods code); asked when a consent column is mapped.</summary>
    public string? ConsentMethod { get; init; }

    /// <summary>The language of generated titles ("Threats — 2024-17").</summary>
    public string Language { get; init; } = "ru";

    /// <summary>The mapping with each column's header recorded, for saving as a profile.</summary>
    public ImportMapping WithHeaders(IReadOnlyList<string> header) => this with
    {
        Columns = Columns.Select(c => c with { Header = c.Column < header.Count ? header[c.Column] : c.Header }).ToList(),
    };

    /// <summary>
    /// A saved mapping applied to another sheet: each column found again by its header (compared as a person would),
    /// else kept at its place when that column has no header of its own; a column the sheet no longer has is dropped,
    /// for the person to see in the column step.
    /// </summary>
    public ImportMapping ForSheet(IReadOnlyList<string> header)
    {
        var names = header.Select(SuggestValues.Normalise).ToList();
        var columns = new List<MappedColumn>();
        foreach (var column in Columns)
        {
            var at = column.Header is { Length: > 0 } saved ? names.IndexOf(SuggestValues.Normalise(saved)) : column.Column < header.Count ? column.Column : -1;
            if (at >= 0 && columns.All(c => c.Column != at))
            {
                columns.Add(column with { Column = at, Header = header[at] });
            }
        }

        return this with { Columns = columns };
    }

    public IEnumerable<int> ColumnsOf(string field) => Columns.Where(c => c.Field == field).Select(c => c.Column);

    public bool Has(string field) => Columns.Any(c => c.Field == field);

    /// <summary>The code chosen for <paramref name="value"/> of <paramref name="field"/>: null when none was chosen, "" when ignored.</summary>
    public string? CodeFor(string field, string value) =>
        Values.TryGetValue(field, out var values) && values.TryGetValue(value.Trim(), out var code) ? code : null;

    /// <summary>The mapping with its value lists compared without case, as a person reads them.</summary>
    public ImportMapping Normalised() => this with
    {
        Values = Values.ToDictionary(
            f => f.Key,
            f => (IReadOnlyDictionary<string, string>)f.Value
                .GroupBy(v => v.Key.Trim(), StringComparer.OrdinalIgnoreCase)
                .ToDictionary(g => g.Key, g => g.Last().Value.Trim(), StringComparer.OrdinalIgnoreCase),
            StringComparer.Ordinal),
    };

    /// <summary>The problems with the mapping itself (not the sheet's rows), each naming the field.</summary>
    public IReadOnlyList<FieldError> Check(IReadOnlyList<string> header, Vocabularies.Catalog catalog)
    {
        var errors = new List<FieldError>();
        foreach (var column in Columns)
        {
            if (column.Column < 0 || column.Column >= header.Count)
            {
                errors.Add(new FieldError("Columns", "error.import_no_such_column", SheetColumns.Letter(column.Column)));
            }

            if (!ImportFields.All.Contains(column.Field))
            {
                errors.Add(new FieldError("Columns", "error.import_unknown_field", column.Field));
            }
        }

        foreach (var repeated in Columns.GroupBy(c => c.Field).Where(g => g.Count() > 1 && !ImportFields.MayRepeat(g.Key)))
        {
            errors.Add(new FieldError("Columns", "error.import_field_twice", "@import.field." + repeated.Key));
        }

        foreach (var repeated in Columns.GroupBy(c => c.Column).Where(g => g.Count() > 1))
        {
            errors.Add(new FieldError("Columns", "error.import_column_twice", SheetColumns.Letter(repeated.Key)));
        }

        if (!Has(ImportFields.Date))
        {
            errors.Add(new FieldError("Columns", "error.import_needs_date"));
        }

        if (!Has(ImportFields.Violation))
        {
            errors.Add(new FieldError("Columns", "error.import_needs_violation"));
        }

        if (RowPerVictim && !Has(ImportFields.Reference))
        {
            errors.Add(new FieldError("RowPerVictim", "error.import_victims_need_reference"));
        }

        if (Has(ImportFields.Consent) && (ConsentMethod is null || !catalog[Vocabularies.Catalog.ConsentMethods].Contains(ConsentMethod)))
        {
            errors.Add(new FieldError("ConsentMethod", "error.import_consent_method"));
        }

        if (catalog.Geography.FindCountry(Country) is null)
        {
            errors.Add(new FieldError("Country", "error.unknown_code"));
        }

        return errors;
    }

    public string ToJson() => JsonSerializer.Serialize(this, Json.Files);

    /// <summary>Reads a mapping file (the CLI's <c>--map</c>); a file that is not one is an expected failure.</summary>
    public static Result<ImportMapping> FromJson(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportMapping>(json, Json.Files) is { } mapping
                ? mapping.Normalised()
                : Invalid.One("map", "error.import_map_unreadable", "empty");
        }
        catch (JsonException e)
        {
            return Invalid.One("map", "error.import_map_unreadable", e.Message.Split('.')[0]);
        }
    }
}

/// <summary>Spreadsheet column letters as people see them: 0 is A, 26 is AA.</summary>
public static class SheetColumns
{
    public static string Letter(int column)
    {
        if (column < 0)
        {
            return "?";
        }

        var letters = "";
        for (var n = column + 1; n > 0; n = (n - 1) / 26)
        {
            letters = (char)('A' + ((n - 1) % 26)) + letters;
        }

        return letters;
    }
}
