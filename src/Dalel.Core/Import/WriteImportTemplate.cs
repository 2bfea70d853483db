using Dalel.Core.Members;
using Dalel.Core.Text;
using Dalel.Core.Vocabularies;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dalel.Core.Import;

/// <summary>
/// An empty sheet in the import layout, in English, Russian or Kazakh: the header, a drop-down list on every coded
/// column (terms and places from a hidden second sheet), and a third sheet saying what each column takes. Lists of
/// several values (violations, perpetrators, consequences, consent) accept typed combinations ("a; b"), so their
/// drop-downs offer without refusing.
/// </summary>
public static class WriteImportTemplate
{
    /// <summary>Rows the drop-downs cover; a longer sheet still imports, without the lists below this row.</summary>
    private const int ValidatedRows = 10_000;

    public static void Run(Stream output, string language, Catalog catalog)
    {
        if (!Texts.Languages.Contains(language))
        {
            throw new ArgumentException($"Unknown language '{language}'.", nameof(language));
        }

        var fields = CaseSheetLayout.FieldsFor(_ => true);
        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var sheets = workbook.Workbook.AppendChild(new Sheets());

        var listColumns = new List<(string Field, string Column, int Count)>();
        var lists = new List<string[]>();
        foreach (var field in fields.Where(ImportFields.IsCoded))
        {
            var labels = ImportFields.IsPlace(field)
                ? ImportChoices.For(field, catalog).Terms.Where(t => field == ImportFields.Region ? !t.Code.Contains('/', StringComparison.Ordinal) : t.Code.Contains('/', StringComparison.Ordinal)).Select(t => t.Labels.For(language)).ToArray()
                : catalog[ImportFields.VocabularyOf(field)!].Terms.Select(t => t.Label(language)).ToArray();
            listColumns.Add((field, SheetColumns.Letter(lists.Count), labels.Length));
            lists.Add(labels);
        }

        // Sheet 1: the cases, with a header and the drop-downs.
        var casesPart = workbook.AddNewPart<WorksheetPart>();
        var casesData = new SheetData(Row(1, fields.Select(f => CaseSheetLayout.Header(f, language))));
        var validations = new DataValidations();
        foreach (var (field, listColumn, count) in listColumns.Where(l => l.Count > 0))
        {
            var column = SheetColumns.Letter(fields.ToList().IndexOf(field));
            var several = ImportFields.IsList(field) || ImportFields.MapsToSeveral(field);
            validations.Append(new DataValidation(new Formula1($"'{ListsSheet}'!${listColumn}$1:${listColumn}${count}"))
            {
                Type = DataValidationValues.List,
                AllowBlank = true,
                ShowDropDown = false,
                ShowErrorMessage = !several,
                SequenceOfReferences = new ListValue<StringValue> { InnerText = $"{column}2:{column}{ValidatedRows}" },
            });
        }

        validations.Count = (uint)validations.ChildElements.Count;
        casesPart.Worksheet = new Worksheet(new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }), casesData, validations);
        sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(casesPart), SheetId = 1, Name = Texts.Get("import.template.cases_sheet", language) });

        // Sheet 2 (hidden): the lists the drop-downs offer.
        var listsPart = workbook.AddNewPart<WorksheetPart>();
        var listsData = new SheetData();
        for (var r = 0; r < lists.Max(l => l.Length); r++)
        {
            listsData.Append(Row((uint)r + 1, lists.Select(l => r < l.Length ? l[r] : "")));
        }

        listsPart.Worksheet = new Worksheet(listsData);
        sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(listsPart), SheetId = 2, Name = ListsSheet, State = SheetStateValues.Hidden });

        // Sheet 3: what each column takes.
        var helpPart = workbook.AddNewPart<WorksheetPart>();
        var help = new SheetData(Row(1, [Texts.Get("import.template.column", language), Texts.Get("import.template.takes", language)]));
        var number = 2u;
        foreach (var field in fields)
        {
            help.Append(Row(number++, [CaseSheetLayout.Header(field, language), Texts.Get("import.help." + field, language)]));
        }

        helpPart.Worksheet = new Worksheet(help);
        sheets.Append(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(helpPart), SheetId = 3, Name = Texts.Get("import.template.help_sheet", language) });
        workbook.Workbook.Save();
    }

    private const string ListsSheet = "Lists";

    private static Row Row(uint number, IEnumerable<string> cells)
    {
        var row = new Row { RowIndex = number };
        var column = 0;
        foreach (var text in cells)
        {
            row.Append(new Cell
            {
                CellReference = SheetColumns.Letter(column++) + number,
                DataType = CellValues.InlineString,
                InlineString = new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(text)),
            });
        }

        return row;
    }
}
