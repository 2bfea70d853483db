using System.Globalization;
using System.Text.RegularExpressions;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Register;

public sealed record UhriImportResult(int Added, int AlreadyPresent);

/// <summary>
/// Reads a CSV exported from the Universal Human Rights Index (uhri.ohchr.org). Every row is checked first; if any
/// cannot be read, the import stops with every such row named and nothing is imported. Rows already imported (same
/// UHRI annotation id, or same symbol, paragraph and text) are skipped, so the same export can be imported twice.
/// </summary>
public sealed partial class ImportUhriRecommendations(DalelInstance instance)
{
    // UHRI's own export spells the body column "Reccomending Body"; both spellings are accepted.
    private static readonly string[] IdColumns = ["AnnotationId", "Annotation Id", "Id"];
    private static readonly string[] SymbolColumns = ["Symbol", "Document Symbol"];
    private static readonly string[] TextColumns = ["Text", "Recommendation", "Annotation"];
    private static readonly string[] BodyColumns = ["Reccomending Body", "Recommending Body", "Body"];
    private static readonly string[] ParagraphColumns = ["Paragraph", "Para"];
    private static readonly string[] ThemeColumns = ["Themes", "Theme"];
    private static readonly string[] PersonsColumns = ["AffectedPersons", "Affected Persons", "Groups of persons"];
    private static readonly string[] StateColumns = ["Recommending State", "Recommending States", "State"];
    private static readonly string[] PositionColumns = ["Position", "Response", "State Position"];
    private static readonly string[] CountryColumns = ["Countries", "Country"];

    /// <summary>A sub-item at the start of the text when the paragraph column holds only the number: "(b) Ensure…".</summary>
    [GeneratedRegex(@"^\s*((?:\((?:[a-z]{1,3}|[ivxlc]{1,6})\)\s?)+)")]
    private static partial Regex LeadingSubItems();

    public Result<UhriImportResult> Run(OrgScope scope, TextReader csv)
    {
        var opened = instance.Enter(scope, Capability.EditReports);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var read = Read(csv, instance.Catalog.Geography);
        if (read.Errors.Count > 0)
        {
            return new Invalid(read.Errors);
        }

        var open = opened.Value;
        var kind = RegisterEntries.Kind<Recommendation>();
        var (added, present) = open.Write((c, t, audit) =>
        {
            var existing = SealedDocuments.List<Recommendation>(c, t, open.DirectoryKey, kind, SealedDocuments.Shared).Select(r => r.Value).ToList();
            var added = 0;
            foreach (var recommendation in read.Rows)
            {
                if (existing.Any(e => SameAs(e, recommendation)))
                {
                    continue;
                }

                SealedDocuments.Save(c, t, open.DirectoryKey, kind, SealedDocuments.Shared, Guid.NewGuid(), recommendation, 0);
                existing.Add(recommendation);
                added++;
            }

            audit(AuditAction.RecommendationsImported, added.ToString(CultureInfo.InvariantCulture));
            return (added, read.Rows.Count - added);
        });
        return new UhriImportResult(added, present);
    }

    private static bool SameAs(Recommendation a, Recommendation b) =>
        a.UhriId is not null && a.UhriId == b.UhriId
        || a.Symbol == b.Symbol && a.Paragraph == b.Paragraph && a.Text == b.Text;

    private static (List<Recommendation> Rows, List<FieldError> Errors) Read(TextReader text, Places.Geography geography)
    {
        var rows = new List<Recommendation>();
        var errors = new List<FieldError>();
        using var csv = Transfer.CsvInput.Open(text, errors);
        csv.ReadHeader();
        var header = csv.Headers.ToArray();
        if (header.Length == 0)
        {
            return (rows, [new FieldError("file", "error.csv_empty")]);
        }

        int Column(string[] names) => Array.FindIndex(header, h => names.Any(n => string.Equals(h.Trim(), n, StringComparison.OrdinalIgnoreCase)));
        var columns = new
        {
            Id = Column(IdColumns), Symbol = Column(SymbolColumns), Text = Column(TextColumns), Body = Column(BodyColumns),
            Paragraph = Column(ParagraphColumns), Themes = Column(ThemeColumns), Persons = Column(PersonsColumns),
            State = Column(StateColumns), Position = Column(PositionColumns), Country = Column(CountryColumns),
        };
        if (columns.Symbol < 0 || columns.Text < 0 || columns.Body < 0)
        {
            return (rows, [new FieldError("file", "error.uhri_columns", "Symbol, Text, Recommending Body")]);
        }

        while (csv.Read())
        {
            var row = csv.RowNumber.ToString(CultureInfo.InvariantCulture);
            string Field(int index) => index >= 0 && index < csv.FieldCount ? csv.GetString(index).Trim() : "";
            var symbol = Field(columns.Symbol);
            var textValue = Field(columns.Text);
            var body = Field(columns.Body);
            if (symbol.Length == 0 && textValue.Length == 0 && body.Length == 0)
            {
                continue;
            }

            var paragraph = Field(columns.Paragraph);
            if (paragraph.Length == 0 && ParagraphReference.AtStart(textValue) is { } leading)
            {
                paragraph = leading;
                textValue = textValue.TrimStart()[leading.Length..].TrimStart(' ', '.', ')', ':').Trim();
            }
            else if (paragraph.Length > 0 && !paragraph.Contains('(', StringComparison.Ordinal) && LeadingSubItems().Match(textValue) is { Success: true } sub)
            {
                // UHRI splits "14 (b)" into a paragraph column of 14 and a text starting "(b)".
                paragraph = paragraph + " " + sub.Groups[1].Value.Trim();
                textValue = textValue[sub.Length..].Trim();
            }

            paragraph = paragraph.Length > 0 && ParagraphReference.IsValid(paragraph) ? ParagraphReference.Normalise(paragraph) : paragraph;

            var mechanism = MechanismCatalog.Default.ForBody(body);
            var position = ParsePosition(Field(columns.Position));
            var problems = new List<string>();
            if (!RegisterValidation.IsSymbol(symbol))
            {
                problems.Add("Symbol");
            }

            if (textValue.Length == 0)
            {
                problems.Add("Text");
            }

            if (mechanism is null)
            {
                problems.Add("Recommending Body");
            }

            if (!RegisterValidation.IsParagraph(paragraph))
            {
                problems.Add("Paragraph");
            }

            if (position is null && Field(columns.Position).Length > 0)
            {
                problems.Add("Position");
            }

            // A blank State is the one the symbol names; a named one must be a State Dalel knows, never kept as free text.
            var country = Field(columns.Country) is { Length: > 0 } named ? geography.Recognise(named) : geography.FromSymbol(symbol);
            if (country is null)
            {
                problems.Add("Country");
            }

            if (problems.Count > 0)
            {
                errors.Add(new FieldError("file", "error.uhri_row", row, string.Join(", ", problems)));
                continue;
            }

            rows.Add(new Recommendation
            {
                Mechanism = mechanism!.Code,
                Body = body,
                Symbol = symbol,
                Paragraph = paragraph,
                Text = textValue,
                Country = country!.Code,
                Themes = Split(Field(columns.Themes)),
                AffectedPersons = Split(Field(columns.Persons)),
                RecommendingState = Field(columns.State) is { Length: > 0 } state ? state : null,
                Position = position,
                UhriId = Field(columns.Id) is { Length: > 0 } id ? id : null,
            });
        }

        return (rows, errors);
    }

    /// <summary>UHRI separates several values with semicolons or pipes; commas occur inside values ("16 - PEACE, JUSTICE …").</summary>
    private static List<string> Split(string value) =>
        value.Split([';', '|', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    private static StatePosition? ParsePosition(string value) => value.Trim().ToUpperInvariant() switch
    {
        "" => null,
        "SUPPORTED" or "ACCEPTED" or "SUPPORTED/ACCEPTED" => StatePosition.Supported,
        "NOTED" or "REJECTED" => StatePosition.Noted,
        "PARTIALLY SUPPORTED" or "SUPPORTED IN PART" or "PARTLY SUPPORTED" => StatePosition.PartlySupported,
        _ => null,
    };

}
