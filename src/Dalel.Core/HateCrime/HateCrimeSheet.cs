using System.Globalization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace Dalel.Core.HateCrime;

/// <summary>
/// The ODIHR sheet as a reviewer opens it: a bold, frozen header, column widths that fit their content, long text
/// wrapped, the victims column as numbers. Every other cell is an inline string, so nothing typed can run as a formula.
/// </summary>
internal static class HateCrimeSheet
{
    private const uint Wrapped = 1;
    private const uint Header = 2;

    public static void Write(Stream output, string name, string[] header, IReadOnlyList<string[]> rows, double[] widths, int numberColumn)
    {
        if (!output.CanSeek)
        {
            using var buffer = new MemoryStream();
            Write(buffer, name, header, rows, widths, numberColumn);
            buffer.Position = 0;
            buffer.CopyTo(output);
            return;
        }

        using var document = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook, autoSave: true);
        var workbook = document.AddWorkbookPart();
        workbook.Workbook = new Workbook();
        var styles = workbook.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { ApplyAlignment = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { FontId = 1, ApplyFont = true, ApplyAlignment = true })
            { Count = 3 });
        var sheetPart = workbook.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, header, Header, -1));
        for (var r = 0; r < rows.Count; r++)
        {
            data.Append(Row((uint)r + 2, rows[r], Wrapped, numberColumn));
        }

        sheetPart.Worksheet = new Worksheet(
            new SheetViews(new SheetView(new Pane { VerticalSplit = 1, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen }) { WorkbookViewId = 0 }),
            new Columns(widths.Select((w, i) => new Column { Min = (uint)i + 1, Max = (uint)i + 1, Width = w, CustomWidth = true })),
            data);
        workbook.Workbook.AppendChild(new Sheets(new Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = name }));
    }

    private static Row Row(uint index, string[] values, uint style, int numberColumn)
    {
        var row = new Row { RowIndex = index };
        for (var c = 0; c < values.Length; c++)
        {
            var reference = Column(c) + index.ToString(CultureInfo.InvariantCulture);
            if (c == numberColumn && int.TryParse(values[c], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            {
                row.Append(new Cell { CellReference = reference, CellValue = new CellValue(values[c]), DataType = CellValues.Number, StyleIndex = style });
            }
            else
            {
                row.Append(new Cell(new InlineString(new DocumentFormat.OpenXml.Spreadsheet.Text(values[c]) { Space = SpaceProcessingModeValues.Preserve })) { CellReference = reference, DataType = CellValues.InlineString, StyleIndex = style });
            }
        }

        return row;
    }

    private static string Column(int index) => index < 26 ? ((char)('A' + index)).ToString() : $"{(char)('A' + index / 26 - 1)}{(char)('A' + index % 26)}";
}
