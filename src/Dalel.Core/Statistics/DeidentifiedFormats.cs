using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Dalel.Core.Statistics;

/// <summary>How the de-identified file writes a row's cells: as CSV, or as a spreadsheet's XML.</summary>
internal abstract class RowFormat
{
    /// <summary>A text cell, escaped; the empty text is <see cref="Empty"/>.</summary>
    public abstract string Text(string text);

    /// <summary>A number (digits only), which a spreadsheet can add up.</summary>
    public abstract string Number(string digits);

    public abstract string Empty { get; }

    protected abstract string Between { get; }

    protected abstract string RowEnd { get; }

    protected abstract void StartRow(ExportDeidentified.RowText text, int number);

    /// <summary>One row: its number, then its cells (column 0, the number, is not read), blanked ones left empty.</summary>
    public void Append(ExportDeidentified.RowText text, int number, string[] cells, bool[] blanked)
    {
        StartRow(text, number);
        for (var column = 1; column < cells.Length; column++)
        {
            text.Append(Between);
            text.Append(blanked[column] ? Empty : cells[column]);
        }

        text.Append(RowEnd);
    }

    /// <summary>A row of text cells only, such as the header.</summary>
    public string Row(IEnumerable<string> cells) => RowStartText + string.Join(Between, cells.Select(Text)) + RowEnd;

    protected virtual string RowStartText => "";
}

/// <summary>CSV as <see cref="Transfer.CsvOutput"/> writes it: each cell escaped by CsvHelper once per distinct value.</summary>
internal sealed class CsvRows : RowFormat
{
    public static readonly CsvRows Instance = new();

    public override string Text(string text) => Transfer.CsvOutput.Cell(text);

    public override string Number(string digits) => digits;

    public override string Empty => "";

    protected override string Between => Transfer.CsvOutput.Separator;

    protected override string RowEnd => Transfer.CsvOutput.RecordEnd;

    protected override void StartRow(ExportDeidentified.RowText text, int number) => text.Append(number);
}

/// <summary>
/// Rows of a SpreadsheetML worksheet: text as inline strings (never formulas, so nothing a reporter typed can run),
/// numbers as numbers, every cell in its column's place.
/// </summary>
internal sealed class XlsxRows : RowFormat
{
    public static readonly XlsxRows Instance = new();

    public override string Text(string text) => text.Length == 0
        ? Empty
        : $"<c t=\"inlineStr\"><is><t{(char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]) ? " xml:space=\"preserve\"" : "")}>{Xml(text)}</t></is></c>";

    public override string Number(string digits) => $"<c><v>{digits}</v></c>";

    public override string Empty => "<c/>";

    protected override string Between => "";

    protected override string RowEnd => "</row>";

    protected override string RowStartText => "<row>";

    protected override void StartRow(ExportDeidentified.RowText text, int number)
    {
        text.Append("<row><c><v>");
        text.Append(number);
        text.Append("</v></c>");
    }

    /// <summary>Escaped for XML; characters XML 1.0 cannot hold (control characters) are dropped.</summary>
    private static string Xml(string text)
    {
        var xml = new StringBuilder(text.Length + 8);
        foreach (var c in text)
        {
            _ = c switch
            {
                '&' => xml.Append("&amp;"),
                '<' => xml.Append("&lt;"),
                '>' => xml.Append("&gt;"),
                '"' => xml.Append("&quot;"),
                < ' ' and not ('\t' or '\n' or '\r') => xml,
                '\uFFFE' or '\uFFFF' => xml,
                _ => xml.Append(c),
            };
        }

        return xml.ToString();
    }
}

/// <summary>Where the de-identified file's rows go, a batch at a time, in order.</summary>
internal abstract class RowSink : IDisposable
{
    /// <summary>Rows already formatted, and how many they are.</summary>
    public abstract void Write(ReadOnlySpan<char> rows, int count);

    /// <summary>After the last rows: what closes the file.</summary>
    public abstract void End();

    public virtual void Dispose() => GC.SuppressFinalize(this);
}

internal sealed class CsvSink : RowSink
{
    private readonly TextWriter _output;

    public CsvSink(TextWriter output)
    {
        _output = output;
        using var csv = Transfer.CsvOutput.Open(output);
        csv.WriteRecord(ExportDeidentified.Header);
        csv.Flush();
    }

    public override void Write(ReadOnlySpan<char> rows, int count)
    {
        _output.Write(rows);
        _output.Flush();
    }

    public override void End() => _output.Flush();
}

/// <summary>
/// An .xlsx workbook written as it goes (ZIP entries in order, so a response stream that cannot seek will do): one
/// worksheet of the rows, and another each time a sheet reaches the 1,048,576 rows a spreadsheet can hold, each with the
/// header. The parts that list the sheets are written last, when their number is known.
/// </summary>
internal sealed class XlsxSink(Stream output, int sheetRows = XlsxSink.SheetRows) : RowSink
{
    /// <summary>Rows a worksheet holds, its header among them.</summary>
    internal const int SheetRows = 1_048_576;

    private readonly ZipArchive _zip = new(output, ZipArchiveMode.Create, leaveOpen: true);
    private StreamWriter? _sheet;
    private int _sheets;
    private int _rows;

    public override void Write(ReadOnlySpan<char> rows, int count)
    {
        if (_sheet is null || _rows + count > sheetRows)
        {
            NextSheet();
        }

        _sheet!.Write(rows);
        _rows += count;
    }

    public override void End()
    {
        if (_sheet is null)
        {
            NextSheet();
        }

        CloseSheet();
        var sheets = Enumerable.Range(1, _sheets).ToList();
        Part("[Content_Types].xml", """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>"""
            + string.Concat(sheets.Select(n => $"""<Override PartName="/xl/worksheets/sheet{n}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>""")) + "</Types>");
        Part("_rels/.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>""");
        Part("xl/workbook.xml", """<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>"""
            + string.Concat(sheets.Select(n => $"""<sheet name="{(n == 1 ? "cases" : "cases " + n.ToString(CultureInfo.InvariantCulture))}" sheetId="{n}" r:id="rId{n}"/>""")) + "</sheets></workbook>");
        Part("xl/_rels/workbook.xml.rels", """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"""
            + string.Concat(sheets.Select(n => $"""<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{n}.xml"/>""")) + "</Relationships>");
    }

    public override void Dispose()
    {
        _sheet?.Dispose();
        _zip.Dispose();
        base.Dispose();
    }

    private void NextSheet()
    {
        CloseSheet();
        _sheets++;
        // Fastest: compressing is what this file's writer spends most of its time on, and the rows repeat a great deal.
        _sheet = new StreamWriter(_zip.CreateEntry($"xl/worksheets/sheet{_sheets}.xml", CompressionLevel.Fastest).Open(), new UTF8Encoding(false), 1 << 16);
        _sheet.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>""");
        _sheet.Write(XlsxRows.Instance.Row(ExportDeidentified.Header));
        _rows = 1;
    }

    private void CloseSheet()
    {
        if (_sheet is not null)
        {
            _sheet.Write("</sheetData></worksheet>");
            _sheet.Dispose();
            _sheet = null;
        }
    }

    private void Part(string name, string xml)
    {
        using var part = new StreamWriter(_zip.CreateEntry(name, CompressionLevel.Fastest).Open(), new UTF8Encoding(false));
        part.Write("""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>""");
        part.Write(xml);
    }
}
