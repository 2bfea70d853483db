using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Import;

/// <summary>
/// A problem found in a sheet, where the person will look for it: the row number their spreadsheet shows, the column
/// (letter and header), and a message in their language (<see cref="MessageKey"/> with its arguments).
/// </summary>
public sealed record ImportProblem(int Row, int? Column, string Header, string MessageKey, IReadOnlyList<string> Args)
{
    public string ColumnLetter => Column is { } c ? SheetColumns.Letter(c) : "";

    public FieldError AsFieldError() => new($"row {Row}" + (Column is { } c ? $", {SheetColumns.Letter(c)}" : ""), MessageKey, Args);
}

/// <summary>One case read from a sheet: its rows, its reference, and its content or the problems that stop it.</summary>
internal sealed record SheetCase(IReadOnlyList<int> Rows, string? Reference, CaseContent? Content, IReadOnlyList<ImportProblem> Problems);

/// <summary>
/// Turns a sheet's rows into cases by a mapping: a row per case, or a row per victim with rows of the same reference
/// joined into one case (the case's fields must then agree, or be left empty, on its later rows). Each row's cells
/// are read as the mapping says; a value no term was chosen for, a date that cannot be read, an age that is not one
/// are problems naming the row and column, and the case they belong to is not built.
/// </summary>
internal sealed partial class SheetCases
{
    private readonly IReadOnlyList<string> _header;
    private readonly ImportMapping _mapping;
    private readonly Catalog _catalog;
    private readonly DateOnly _today;
    private readonly Dictionary<string, ImportChoices> _choices = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int[]> _columns;

    /// <summary>Perpetrator terms' labels as compared, to tell when the documenter's words say more than the term.</summary>
    private readonly Dictionary<string, HashSet<string>> _perpetratorLabels = new(StringComparer.Ordinal);

    public SheetCases(IReadOnlyList<string> header, ImportMapping mapping, Catalog catalog, DateOnly today)
    {
        _header = header;
        _mapping = mapping;
        _catalog = catalog;
        _today = today;
        foreach (var field in ImportFields.All.Where(f => ImportFields.IsCoded(f) && mapping.Has(f)))
        {
            _choices[field] = ImportChoices.For(field, catalog, mapping.AllCountries);
        }

        _columns = ImportFields.All.ToDictionary(f => f, f => mapping.ColumnsOf(f).ToArray(), StringComparer.Ordinal);
        foreach (var term in _choices.GetValueOrDefault(ImportFields.Perpetrator)?.Terms ?? [])
        {
            _perpetratorLabels[term.Code] = term.Labels.All().Select(SuggestValues.Normalise).ToHashSet(StringComparer.Ordinal);
        }
    }

    private int[] Columns(string field) => _columns[field];

    /// <summary>The cases of the sheet in the order of their first rows. With a row per case this streams.</summary>
    public IEnumerable<SheetCase> Read(IEnumerable<SheetRow> rows)
    {
        if (!_mapping.RowPerVictim)
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows)
            {
                var values = ReadRow(row);
                if (values.Reference is { } reference && !seen.TryAdd(reference, row.Number))
                {
                    values.Problems.Add(Problem(row.Number, ImportFields.Reference, "import.problem.reference_repeated", reference, seen[reference].ToString(CultureInfo.InvariantCulture)));
                }

                yield return Build([values]);
            }

            yield break;
        }

        // A row per victim: the rows of one case may be anywhere in the sheet, so cases are gathered first.
        var cases = new Dictionary<string, List<RowValues>>(StringComparer.OrdinalIgnoreCase);
        var order = new List<List<RowValues>>();
        foreach (var row in rows)
        {
            var values = ReadRow(row);
            if (values.Reference is null)
            {
                values.Problems.Add(Problem(row.Number, ImportFields.Reference, "import.problem.reference_missing"));
                order.Add([values]);
                continue;
            }

            if (!cases.TryGetValue(values.Reference, out var group))
            {
                cases[values.Reference] = group = [];
                order.Add(group);
            }

            group.Add(values);
        }

        foreach (var group in order)
        {
            yield return Build(group);
        }
    }

    /// <summary>What one row says, read but not yet joined with its case's other rows.</summary>
    private sealed class RowValues(int number)
    {
        public int Number { get; } = number;

        public List<ImportProblem> Problems { get; } = [];

        public string? Reference { get; set; }

        public IncidentDate? Date { get; set; }

        public string? DateText { get; set; }

        public string? Title { get; set; }

        public string? Narrative { get; set; }

        public string? Region { get; set; }

        public string? Settlement { get; set; }

        public string? Locality { get; set; }

        public List<string> Violations { get; } = [];

        public List<Perpetrator> Perpetrators { get; } = [];

        public List<string> Consequences { get; } = [];

        public string? VictimCode { get; set; }

        public int? Age { get; set; }

        public string? GenderIdentity { get; set; }

        public string? SexualOrientation { get; set; }

        /// <summary>The uses the row's consent answer grants; null when the cell is empty (no answer).</summary>
        public List<string>? Consents { get; set; }

        public string? Name { get; set; }

        public string? Contacts { get; set; }
    }

    private RowValues ReadRow(SheetRow row)
    {
        var v = new RowValues(row.Number);
        string? Cell(string field) => Columns(field).Select(c => row[c].Trim()).FirstOrDefault(c => c.Length > 0);

        v.Reference = Cell(ImportFields.Reference);
        v.Title = Cell(ImportFields.Title);
        v.Locality = Cell(ImportFields.Locality);
        v.VictimCode = Cell(ImportFields.VictimCode);
        v.Name = Cell(ImportFields.VictimName);
        v.Contacts = Cell(ImportFields.VictimContacts);
        v.Narrative = Narrative(row);
        ReadDate(row, v);
        ReadPlace(row, v);
        ReadAge(row, v);

        foreach (var value in List(row, ImportFields.Violation))
        {
            if (Code(row, v, ImportFields.Violation, value) is { Length: > 0 } code && !v.Violations.Contains(code))
            {
                v.Violations.Add(code);
            }
        }

        foreach (var value in List(row, ImportFields.Perpetrator))
        {
            if (Code(row, v, ImportFields.Perpetrator, value) is { Length: > 0 } code)
            {
                // The words the documenter wrote stay with the perpetrator when they say more than the term's label.
                var labelled = _perpetratorLabels[code].Contains(SuggestValues.Normalise(value));
                v.Perpetrators.Add(new Perpetrator { Type = code, Description = labelled ? null : value });
            }
        }

        foreach (var value in List(row, ImportFields.Consequence))
        {
            if (Code(row, v, ImportFields.Consequence, value) is { Length: > 0 } code && !v.Consequences.Contains(code))
            {
                v.Consequences.Add(code);
            }
        }

        v.GenderIdentity = Cell(ImportFields.GenderIdentity) is { } gi ? NullIfEmpty(Code(row, v, ImportFields.GenderIdentity, gi)) : null;
        v.SexualOrientation = Cell(ImportFields.SexualOrientation) is { } so ? NullIfEmpty(Code(row, v, ImportFields.SexualOrientation, so)) : null;
        if (Cell(ImportFields.Consent) is { } consent && Code(row, v, ImportFields.Consent, consent) is { } uses)
        {
            v.Consents = uses.Split('+', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct().ToList();
            if (v.Consents.Count == 0 || v.Consents.Any(u => !_catalog[Catalog.ConsentUses].Contains(u)))
            {
                v.Problems.Add(Problem(row.Number, ImportFields.Consent, "import.problem.consent_unmapped", consent));
                v.Consents = null;
            }
        }

        return v;
    }

    private static string? NullIfEmpty(string? code) => string.IsNullOrEmpty(code) ? null : code;

    private IEnumerable<string> List(SheetRow row, string field) =>
        Columns(field).SelectMany(c => ImportFields.SplitList(row[c]));

    /// <summary>The code chosen for a value; a problem when none was chosen (never a silent drop). "" means ignored on purpose.</summary>
    private string? Code(SheetRow row, RowValues v, string field, string value)
    {
        var code = _mapping.CodeFor(field, value);
        if (code is null)
        {
            v.Problems.Add(Problem(row.Number, field, "import.problem.value_unmapped", value, "@import.field." + field));
            return null;
        }

        if (code.Length > 0 && !ImportFields.MapsToSeveral(field) && _choices[field].Find(code) is null)
        {
            v.Problems.Add(Problem(row.Number, field, "import.problem.value_unknown_code", value, code));
            return null;
        }

        return code;
    }

    private string? Narrative(SheetRow row)
    {
        var columns = Columns(ImportFields.Narrative).Where(c => row[c].Trim().Length > 0).ToList();
        return columns.Count switch
        {
            0 => null,
            1 => row[columns[0]].Trim(),
            // Several columns make one narrative, each part under its header, so nothing is lost or mixed up.
            _ => string.Join("\n\n", columns.Select(c => $"{Header(c)}:\n{row[c].Trim()}")),
        };
    }

    private void ReadDate(SheetRow row, RowValues v)
    {
        var fromText = Columns(ImportFields.Date).Select(c => row[c].Trim()).FirstOrDefault() ?? "";
        var toText = Columns(ImportFields.DateTo).Select(c => row[c].Trim()).FirstOrDefault() ?? "";
        v.DateText = fromText + (toText.Length > 0 ? " – " + toText : "");
        if (fromText.Length == 0)
        {
            if (!_mapping.RowPerVictim)
            {
                v.Problems.Add(Problem(row.Number, ImportFields.Date, "import.problem.date_missing"));
            }

            return;
        }

        if (!ReadOneDate(row, v, ImportFields.Date, fromText, out var from))
        {
            return;
        }

        if (toText.Length == 0)
        {
            v.Date = from;
            return;
        }

        if (!ReadOneDate(row, v, ImportFields.DateTo, toText, out var to))
        {
            return;
        }

        if (to!.To < from!.From)
        {
            v.Problems.Add(Problem(row.Number, ImportFields.DateTo, "import.problem.date_order", toText, fromText));
            return;
        }

        v.Date = to.To == from.To && from.Precision == to.Precision && from.From == to.From ? from : new IncidentDate(DatePrecision.Range, from.From, to.To);
    }

    private bool ReadOneDate(SheetRow row, RowValues v, string field, string text, out IncidentDate? date)
    {
        if (!SheetDates.TryRead(text, out date))
        {
            var key = LooksLikeDate().IsMatch(text) ? "import.problem.date_impossible" : "import.problem.date_unreadable";
            v.Problems.Add(Problem(row.Number, field, key, text));
            return false;
        }

        if (date!.From > _today)
        {
            v.Problems.Add(Problem(row.Number, field, "import.problem.date_future", text));
            return false;
        }

        return true;
    }

    private void ReadPlace(SheetRow row, RowValues v)
    {
        foreach (var field in new[] { ImportFields.Region, ImportFields.Settlement })
        {
            var text = Columns(field).Select(c => row[c].Trim()).FirstOrDefault(c => c.Length > 0);
            if (text is null)
            {
                continue;
            }

            var code = _mapping.CodeFor(field, text);
            if (code is null || (code.Length > 0 && _choices[field].Find(code) is null))
            {
                // A place the mapping has not seen but that exists is "not chosen"; one that matches nothing is "not found".
                var known = code is null && SuggestValues.One(_choices[field], text).Code is not null;
                var nearest = string.Join(", ", _choices[field].Nearest(text, _mapping.Language));
                var key = known ? "import.problem.place_unmapped" : field == ImportFields.Region ? "import.problem.region_unknown" : "import.problem.settlement_unknown";
                v.Problems.Add(Problem(row.Number, field, key, text, nearest));
                continue;
            }

            if (code.Length == 0)
            {
                continue;
            }

            var parts = code.Split('/');
            if (v.Region is { } region && region != parts[0])
            {
                v.Problems.Add(Problem(row.Number, field, "import.problem.settlement_not_in_region", text));
                continue;
            }

            v.Region = parts[0];
            if (parts.Length > 1)
            {
                v.Settlement = parts[1];
            }
        }
    }

    private void ReadAge(SheetRow row, RowValues v)
    {
        var text = Columns(ImportFields.Age).Select(c => row[c].Trim()).FirstOrDefault(c => c.Length > 0);
        if (text is null)
        {
            return;
        }

        var match = AgeText().Match(text);
        if (match.Success && int.TryParse(match.Groups[1].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var age) && age <= 120)
        {
            v.Age = age;
        }
        else
        {
            v.Problems.Add(Problem(row.Number, ImportFields.Age, "import.problem.age", text));
        }
    }

    /// <summary>Joins a case's rows (one, or one per victim) into its content.</summary>
    private SheetCase Build(List<RowValues> rows)
    {
        var first = rows[0];
        var problems = rows.SelectMany(r => r.Problems).ToList();
        var numbers = rows.Select(r => r.Number).ToList();

        // The case's own fields: the first row that fills one decides; a later row saying otherwise is a problem.
        T? Agreed<T>(string field, Func<RowValues, T?> get, Func<RowValues, string?> shown)
            where T : class
        {
            var owner = rows.FirstOrDefault(r => get(r) is not null);
            if (owner is null)
            {
                return null;
            }

            foreach (var other in rows.Where(r => r != owner && get(r) is not null && !Equals(get(r), get(owner))))
            {
                problems.Add(Problem(other.Number, field, "import.problem.case_field_differs", "@import.field." + field, owner.Number.ToString(CultureInfo.InvariantCulture), shown(owner) ?? "", shown(other) ?? ""));
            }

            return get(owner);
        }

        var date = Agreed(ImportFields.Date, r => r.Date, r => r.DateText);
        var title = Agreed(ImportFields.Title, r => r.Title, r => r.Title);
        var narrative = Agreed(ImportFields.Narrative, r => r.Narrative, r => Shorten(r.Narrative));
        var region = Agreed(ImportFields.Region, r => r.Region, r => r.Region);
        var settlement = Agreed(ImportFields.Settlement, r => r.Settlement, r => r.Settlement);
        var locality = Agreed(ImportFields.Locality, r => r.Locality, r => r.Locality);
        if (date is null && !rows.Any(r => r.Problems.Any(p => p.MessageKey.StartsWith("import.problem.date", StringComparison.Ordinal))))
        {
            problems.Add(Problem(first.Number, ImportFields.Date, "import.problem.date_missing"));
        }

        var victims = new List<Victim>();
        var acts = new List<Act>();
        var identities = new List<VictimIdentity>();
        foreach (var (row, index) in rows.Select((r, i) => (r, i)))
        {
            var code = row.VictimCode ?? $"V{index + 1}";
            if (victims.Any(v => string.Equals(v.CodeName, code, StringComparison.OrdinalIgnoreCase)))
            {
                problems.Add(Problem(row.Number, ImportFields.VictimCode, "import.problem.victim_repeated", code));
                continue;
            }

            if (row.Violations.Count == 0 && !row.Problems.Any(p => p.Header == HeaderOf(ImportFields.Violation)))
            {
                problems.Add(Problem(row.Number, ImportFields.Violation, "import.problem.no_violation"));
            }

            var victim = new Victim
            {
                Id = Guid.NewGuid(),
                CodeName = code,
                Age = row.Age,
                GenderIdentity = row.GenderIdentity,
                SexualOrientation = row.SexualOrientation,
                Consents = Grants(row.Consents, []),
            };
            victims.Add(victim);
            acts.Add(new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = row.Violations, Perpetrators = row.Perpetrators, Consequences = row.Consequences });
            if (row.Name is not null || row.Contacts is not null)
            {
                identities.Add(new VictimIdentity { VictimId = victim.Id, FullName = row.Name, Contacts = row.Contacts });
            }
        }

        if (problems.Count > 0 || date is null)
        {
            return new SheetCase(numbers, first.Reference, null, problems);
        }

        var content = new CaseContent
        {
            Title = title ?? GeneratedTitle(acts, first.Reference, narrative),
            Reference = first.Reference,
            Narrative = narrative ?? "",
            Date = date,
            Place = new Place { Country = _catalog.Geography.CountryOfRegion(region)?.Code ?? _mapping.Country, Region = region, Settlement = settlement, Locality = locality },
            Victims = victims,
            Acts = acts,
            Identities = identities,
        };
        return new SheetCase(numbers, first.Reference, content, Validate(content, numbers));
    }

    /// <summary>
    /// The consent the sheet records, as grants: each use the answer names is granted on the day of the import. An
    /// empty cell records nothing, so the victim's case stays internal documentation only; an answer that differs from
    /// what was recorded before adds grants or withdrawals (history is kept).
    /// </summary>
    internal IReadOnlyList<ConsentGrant> Grants(IReadOnlyList<string>? uses, IReadOnlyList<ConsentGrant> earlier)
    {
        if (uses is null)
        {
            return earlier;
        }

        var result = earlier.ToList();
        var before = new Victim { Id = Guid.Empty, CodeName = "", Consents = earlier };
        foreach (var use in _catalog[Catalog.ConsentUses].Terms.Select(t => t.Code))
        {
            var wanted = uses.Contains(use);
            var recorded = earlier.Any(g => g.Use == use);
            if (before.Allows(use) != wanted && (wanted || recorded))
            {
                result.Add(new ConsentGrant { Use = use, Granted = wanted, Date = _today, Method = _mapping.ConsentMethod ?? "written" });
            }
        }

        return result;
    }

    /// <summary>The case rules every case meets, with each problem put on the row and column it came from.</summary>
    internal IReadOnlyList<ImportProblem> Validate(CaseContent content, IReadOnlyList<int> rows)
    {
        var errors = CaseValidation.Validate(content, _catalog, _today);
        return errors.Select(e =>
        {
            var index = VictimIndex().Match(e.Field) is { Success: true } m ? int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            var row = rows[Math.Min(index, rows.Count - 1)];
            var field = e.Field switch
            {
                "Title" => ImportFields.Title,
                "Reference" => ImportFields.Reference,
                "Narrative" => ImportFields.Narrative,
                "DateFrom" => ImportFields.Date,
                "Place.Region" or "Place.Country" => ImportFields.Region,
                "Place.Settlement" => ImportFields.Settlement,
                "Place.Locality" => ImportFields.Locality,
                _ when e.Field.Contains(".CodeName", StringComparison.Ordinal) => ImportFields.VictimCode,
                _ when e.Field.Contains(".Age", StringComparison.Ordinal) => ImportFields.Age,
                _ when e.Field.Contains(".Consents", StringComparison.Ordinal) => ImportFields.Consent,
                _ when e.Field.Contains(".Perpetrators", StringComparison.Ordinal) => ImportFields.Perpetrator,
                _ when e.Field.Contains(".Consequences", StringComparison.Ordinal) => ImportFields.Consequence,
                _ => ImportFields.Violation,
            };
            return Problem(row, field, e.MessageKey, [.. e.Args]);
        }).ToList();
    }

    private string GeneratedTitle(List<Act> acts, string? reference, string? narrative)
    {
        if (narrative is { Length: > 0 })
        {
            var line = narrative.Split('\n')[0].Trim();
            if (line.Length <= 80)
            {
                return line;
            }

            var cut = line.LastIndexOf(' ', 79);
            return line[..(cut > 20 ? cut : 80)] + "…";
        }

        var label = acts.SelectMany(a => a.Violations).Select(c => _catalog[Catalog.Violations].Find(c)?.Label(_mapping.Language)).FirstOrDefault() ?? "";
        return reference is null ? label : $"{label} — {reference}";
    }

    private static string? Shorten(string? text) => text is { Length: > 40 } ? text[..40] + "…" : text;

    private ImportProblem Problem(int row, string field, string key, params string[] args)
    {
        var column = Columns(field).Cast<int?>().FirstOrDefault();
        return new ImportProblem(row, column, column is { } c ? Header(c) : HeaderOf(field), key, args);
    }

    private string Header(int column) => column < _header.Count && _header[column].Length > 0 ? _header[column] : SheetColumns.Letter(column);

    private string HeaderOf(string field) => Columns(field).Select(Header).FirstOrDefault() ?? field;

    [GeneratedRegex(@"^\d{1,4}[./\-]\d{1,2}[./\-]\d{1,4}$")]
    private static partial Regex LooksLikeDate();

    [GeneratedRegex(@"^(\d{1,3})(?:[.,]0+)?\s*(?:лет|года|год|г\.|жас|жаста|years?|y\.?o\.?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex AgeText();

    [GeneratedRegex(@"^(?:Victims|Acts|Identities)\[(\d+)\]")]
    private static partial Regex VictimIndex();
}
