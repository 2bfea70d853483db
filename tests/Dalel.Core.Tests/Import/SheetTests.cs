using System.Text;
using Dalel.Core.Cases;
using Dalel.Core.Import;

namespace Dalel.Core.Tests.Import;

/// <summary>Sheets as coalitions keep them (issue 14, first part): encodings, delimiters, XLSX, and the dates people type.</summary>
public sealed class SheetTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("dalel-sheet-").FullName;

    [Theory]
    [InlineData("15.03.2024", DatePrecision.Day, "2024-03-15")]
    [InlineData("15/03/2024", DatePrecision.Day, "2024-03-15")]
    [InlineData("03/04/2024", DatePrecision.Day, "2024-04-03")]
    [InlineData("2024-03-15", DatePrecision.Day, "2024-03-15")]
    [InlineData("2024.03.15", DatePrecision.Day, "2024-03-15")]
    [InlineData("15.03.2024 22:40", DatePrecision.Day, "2024-03-15")]
    [InlineData("45366", DatePrecision.Day, "2024-03-15")]
    [InlineData("03.2024", DatePrecision.Month, "2024-03-01")]
    [InlineData("март 2024", DatePrecision.Month, "2024-03-01")]
    [InlineData("Марта 2024 г.", DatePrecision.Month, "2024-03-01")]
    [InlineData("наурыз 2024", DatePrecision.Month, "2024-03-01")]
    [InlineData("March 2024", DatePrecision.Month, "2024-03-01")]
    [InlineData("2024", DatePrecision.Year, "2024-01-01")]
    [InlineData("2024 г.", DatePrecision.Year, "2024-01-01")]
    [InlineData("2024 ж.", DatePrecision.Year, "2024-01-01")]
    public void Dates_as_people_type_them_are_read_with_their_precision(string typed, DatePrecision precision, string from)
    {
        Assert.True(SheetDates.TryRead(typed, out var date));
        Assert.Equal((precision, DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture)), (date!.Precision, date.From));
    }

    [Theory]
    [InlineData("31.02.2024")]
    [InlineData("весной")]
    [InlineData("15.03.24")]
    [InlineData("")]
    [InlineData("1234")]
    public void Impossible_or_vague_dates_are_not_read_as_anything(string typed) =>
        Assert.False(SheetDates.TryRead(typed, out _));

    [Fact]
    public void A_CSV_saved_by_Russian_Excel_in_Windows_1251_with_semicolons_reads_as_typed()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var path = Write("cases.csv", Encoding.GetEncoding(1251).GetBytes("Дата;Описание;Кто\r\n15.03.2024;Задержание у клуба;полиция\r\n;;\r\n02.04.2024;\"Угрозы; шантаж\";участковый\r\n"));

        var sheet = Sheet.Open(path).Value;

        Assert.Equal(["Дата", "Описание", "Кто"], sheet.Header);
        Assert.Equal("CSV, windows-1251, ';'", sheet.Description);
        var rows = sheet.Rows.ToList();
        Assert.Equal([2, 4], rows.Select(r => r.Number));
        Assert.Equal("Угрозы; шантаж", rows[1][1]);
        Assert.Equal("участковый", rows[1][2]);
        Assert.Equal("", rows[1][7]);
    }

    [Theory]
    [InlineData("utf-8-bom", ",")]
    [InlineData("utf-8", "\t")]
    [InlineData("utf-16", ",")]
    public void CSVs_in_other_encodings_and_delimiters_read_the_same(string encoding, string delimiter)
    {
        var text = string.Join("\n", [$"Күні{delimiter}Облыс", $"2024{delimiter}Алматы", $"наурыз 2024{delimiter}Шымкент"]);
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf-16" => [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)],
            _ => Encoding.UTF8.GetBytes(text),
        };

        var sheet = Sheet.Open(Write("kk.csv", bytes)).Value;

        Assert.Equal(["Күні", "Облыс"], sheet.Header);
        Assert.Equal(["Алматы", "Шымкент"], sheet.Rows.Select(r => r[1]));
    }

    [Fact]
    public void An_XLSX_as_Excel_writes_it_reads_rich_and_inline_text_custom_date_formats_and_the_rows_own_numbers()
    {
        var path = Path.Combine(_directory, "excel.xlsx");
        using (var document = DocumentFormat.OpenXml.Packaging.SpreadsheetDocument.Create(path, DocumentFormat.OpenXml.SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            workbook.Workbook = new DocumentFormat.OpenXml.Spreadsheet.Workbook();
            var styles = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorkbookStylesPart>();
            styles.Stylesheet = new DocumentFormat.OpenXml.Spreadsheet.Stylesheet(
                new DocumentFormat.OpenXml.Spreadsheet.NumberingFormats(new DocumentFormat.OpenXml.Spreadsheet.NumberingFormat { NumberFormatId = 164, FormatCode = "dd\\.mm\\.yyyy;@" }),
                new DocumentFormat.OpenXml.Spreadsheet.CellFormats(
                    new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 0 },
                    new DocumentFormat.OpenXml.Spreadsheet.CellFormat { NumberFormatId = 164, ApplyNumberFormat = true }));
            var strings = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.SharedStringTablePart>();
            strings.SharedStringTable = new DocumentFormat.OpenXml.Spreadsheet.SharedStringTable(
                new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(new DocumentFormat.OpenXml.Spreadsheet.Text("Дата")),
                new DocumentFormat.OpenXml.Spreadsheet.SharedStringItem(
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("Задержание ")),
                    new DocumentFormat.OpenXml.Spreadsheet.Run(new DocumentFormat.OpenXml.Spreadsheet.Text("у клуба"))));
            var sheetPart = workbook.AddNewPart<DocumentFormat.OpenXml.Packaging.WorksheetPart>();
            DocumentFormat.OpenXml.Spreadsheet.Cell Shared(string at, int index) => new() { CellReference = at, DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.SharedString, CellValue = new(index.ToString(System.Globalization.CultureInfo.InvariantCulture)) };
            sheetPart.Worksheet = new DocumentFormat.OpenXml.Spreadsheet.Worksheet(new DocumentFormat.OpenXml.Spreadsheet.SheetData(
                new DocumentFormat.OpenXml.Spreadsheet.Row(Shared("A1", 0), new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = "C1", DataType = DocumentFormat.OpenXml.Spreadsheet.CellValues.InlineString, InlineString = new(new DocumentFormat.OpenXml.Spreadsheet.Text("Описание")) }) { RowIndex = 1 },
                new DocumentFormat.OpenXml.Spreadsheet.Row(new DocumentFormat.OpenXml.Spreadsheet.Cell { CellReference = "A7", StyleIndex = 1, CellValue = new("45366") }, Shared("C7", 1)) { RowIndex = 7 }));
            workbook.Workbook.AppendChild(new DocumentFormat.OpenXml.Spreadsheet.Sheets(new DocumentFormat.OpenXml.Spreadsheet.Sheet { Id = workbook.GetIdOfPart(sheetPart), SheetId = 1, Name = "Лист1" }));
            workbook.Workbook.Save();
        }

        var sheet = Sheet.Open(path).Value;

        Assert.Equal(["Дата", "", "Описание"], sheet.Header);
        var row = Assert.Single(sheet.Rows);
        Assert.Equal((7, "2024-03-15", "", "Задержание у клуба"), (row.Number, row[0], row[1], row[2]));
    }

    [Fact]
    public void An_XLSX_reads_with_its_dates_and_numbers_as_the_person_saw_them()
    {
        var path = Path.Combine(_directory, "cases.xlsx");
        MiniExcelLibs.MiniExcel.SaveAs(path, new[]
        {
            new Dictionary<string, object> { ["Дата"] = new DateTime(2024, 3, 15), ["Жертвы"] = 3, ["Описание"] = "Рейд" },
            new Dictionary<string, object> { ["Дата"] = "03.2024", ["Жертвы"] = 1, ["Описание"] = "" },
        });

        var sheet = Sheet.Open(path).Value;

        Assert.Equal("XLSX", sheet.Description);
        Assert.Equal(["Дата", "Жертвы", "Описание"], sheet.Header);
        var rows = sheet.Rows.ToList();
        Assert.Equal(("2024-03-15", "3", "Рейд"), (rows[0][0], rows[0][1], rows[0][2]));
        Assert.Equal(3, rows[1].Number);
        Assert.True(SheetDates.TryRead(rows[0][0], out var date) && date!.Precision == DatePrecision.Day);
    }

    [Fact]
    public void A_missing_empty_or_broken_file_gets_a_message()
    {
        Assert.Equal("error.sheet_missing", Assert.IsType<Invalid>(Sheet.Open(Path.Combine(_directory, "nope.xlsx")).Error).Errors[0].MessageKey);
        Assert.Equal("error.csv_empty", Assert.IsType<Invalid>(Sheet.Open(Write("empty.csv", [])).Error).Errors[0].MessageKey);
        Assert.Equal("error.sheet_unreadable", Assert.IsType<Invalid>(Sheet.Open(Write("broken.xlsx", [(byte)'P', (byte)'K', 3, 4, 1, 2, 3])).Error).Errors[0].MessageKey);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_directory, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }
}
