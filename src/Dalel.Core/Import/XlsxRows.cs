using System.Globalization;
using System.IO.Compression;
using System.Xml;

namespace Dalel.Core.Import;

/// <summary>
/// Reads the first worksheet of an XLSX row by row with a forward-only XML reader: a row is built, handed out and
/// forgotten, so a sheet of any length is read in the memory of its shared strings. Cells come out as the person saw
/// them: text as typed, numbers invariant, cells formatted as dates as yyyy-MM-dd (with the time when it has one).
/// Row numbers are the spreadsheet's own (the "r" attribute), so a message names the row the person sees.
/// </summary>
internal static class XlsxRows
{
    private const string Main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private const string Relationships = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    /// <summary>Excel's last column (XFD); a reference beyond it is a crafted file, not a sheet.</summary>
    public const int MaxColumns = 16_384;

    /// <summary>
    /// Text of all shared strings together: far beyond any case list (100 million characters), and a bound on what a
    /// compressed "bomb" of a few megabytes can make the server hold.
    /// </summary>
    public const long MaxSharedCharacters = 100_000_000;

    /// <summary>Excel's built-in number formats that show a date or time.</summary>
    private static readonly HashSet<int> DateFormats = [14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47];

    public static IEnumerable<SheetRow> Read(Func<Stream> open)
    {
        using var stream = open();
        using var zip = new ZipArchive(stream, ZipArchiveMode.Read);
        var sheetPath = FirstSheet(zip);
        var strings = SharedStrings(zip);
        var dateStyles = DateStyles(zip);
        var entry = zip.GetEntry(sheetPath) ?? throw new InvalidDataException("The workbook names a sheet it does not hold.");
        using var sheet = entry.Open();
        using var xml = XmlReader.Create(sheet, new XmlReaderSettings { IgnoreWhitespace = false, DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        var cells = new List<string>();
        var rowNumber = 0;
        while (xml.Read())
        {
            if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "row")
            {
                continue;
            }

            rowNumber = int.TryParse(xml.GetAttribute("r"), NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r : rowNumber + 1;
            cells.Clear();
            if (xml.IsEmptyElement)
            {
                continue;
            }

            var depth = xml.Depth;
            while (xml.Read() && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
            {
                if (xml.NodeType != XmlNodeType.Element || xml.LocalName != "c")
                {
                    continue;
                }

                var column = Column(xml.GetAttribute("r"), cells.Count);
                if (column >= MaxColumns)
                {
                    throw new InvalidDataException("A cell beyond Excel's last column.");
                }

                var type = xml.GetAttribute("t");
                var style = int.TryParse(xml.GetAttribute("s"), NumberStyles.None, CultureInfo.InvariantCulture, out var s) ? s : 0;
                var text = CellText(xml, type, style, strings, dateStyles);
                while (cells.Count < column)
                {
                    cells.Add("");
                }

                cells.Add(text.Trim());
            }

            if (cells.Any(c => c.Length > 0))
            {
                yield return new SheetRow(rowNumber, cells.ToArray());
            }
        }
    }

    private static string CellText(XmlReader xml, string? type, int style, List<string> strings, HashSet<int> dateStyles)
    {
        if (xml.IsEmptyElement)
        {
            return "";
        }

        string? value = null;
        var inline = new System.Text.StringBuilder();
        var depth = xml.Depth;
        // ReadElementContentAsString leaves the reader on the next node already: read on only when it did not.
        var moved = false;
        while ((moved || xml.Read()) && !(xml.NodeType == XmlNodeType.EndElement && xml.Depth == depth))
        {
            moved = false;
            if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "v")
            {
                value = xml.ReadElementContentAsString();
                moved = true;
            }
            else if (xml.NodeType == XmlNodeType.Element && xml.LocalName == "t")
            {
                inline.Append(xml.ReadElementContentAsString());
                moved = true;
            }
        }

        switch (type)
        {
            case "s":
                return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < strings.Count ? strings[index] : "";
            case "inlineStr":
                return inline.ToString();
            case "b":
                return value == "1" ? "TRUE" : "FALSE";
            case "str" or "e" or "d":
                return value ?? "";
            default:
                if (value is null)
                {
                    return "";
                }

                if (dateStyles.Contains(style) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var serial) && serial is > 0 and < 2_958_466)
                {
                    var moment = DateTime.FromOADate(serial);
                    return moment.TimeOfDay == TimeSpan.Zero ? moment.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) : moment.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
                }

                return double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? number.ToString(CultureInfo.InvariantCulture) : value;
        }
    }

    /// <summary>The zero-based column of a reference like "AB12"; without one, the next column.</summary>
    private static int Column(string? reference, int next)
    {
        if (string.IsNullOrEmpty(reference))
        {
            return next;
        }

        var column = 0;
        foreach (var ch in reference)
        {
            if (ch is < 'A' or > 'Z')
            {
                break;
            }

            column = (column * 26) + (ch - 'A' + 1);
        }

        return column == 0 ? next : column - 1;
    }

    private static string FirstSheet(ZipArchive zip)
    {
        var workbook = Load(zip, "xl/workbook.xml") ?? throw new InvalidDataException("No workbook in this file.");
        var manager = new XmlNamespaceManager(workbook.NameTable);
        manager.AddNamespace("m", Main);
        manager.AddNamespace("r", Relationships);
        var id = (workbook.SelectSingleNode("/m:workbook/m:sheets/m:sheet", manager) as XmlElement)?.GetAttribute("id", Relationships)
            ?? throw new InvalidDataException("The workbook has no sheet.");
        var relations = Load(zip, "xl/_rels/workbook.xml.rels") ?? throw new InvalidDataException("The workbook has no relationships.");
        var target = relations.DocumentElement!.ChildNodes.OfType<XmlElement>().FirstOrDefault(e => e.GetAttribute("Id") == id)?.GetAttribute("Target")
            ?? throw new InvalidDataException("The workbook's first sheet is missing.");
        return target.StartsWith('/') ? target.TrimStart('/') : "xl/" + target;
    }

    private static List<string> SharedStrings(ZipArchive zip)
    {
        var strings = new List<string>();
        using var stream = zip.GetEntry("xl/sharedStrings.xml")?.Open();
        if (stream is null)
        {
            return strings;
        }

        // The reader itself stops at the bound, so a compressed bomb never becomes gigabytes of strings.
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null, MaxCharactersInDocument = MaxSharedCharacters });
        var text = new System.Text.StringBuilder();
        var total = 0L;
        var phonetic = 0;
        var moved = false;
        while (moved || xml.Read())
        {
            moved = false;
            switch (xml.NodeType)
            {
                case XmlNodeType.Element when xml.LocalName == "si":
                    text.Clear();
                    break;
                case XmlNodeType.Element when xml.LocalName == "rPh" && !xml.IsEmptyElement:
                    // Phonetic guides (East Asian readings) are not part of the cell's text.
                    phonetic++;
                    break;
                case XmlNodeType.EndElement when xml.LocalName == "rPh":
                    phonetic--;
                    break;
                case XmlNodeType.Element when xml.LocalName == "t":
                    var part = xml.ReadElementContentAsString();
                    moved = true;
                    if (phonetic == 0)
                    {
                        text.Append(part);
                    }

                    break;
                case XmlNodeType.EndElement when xml.LocalName == "si":
                    total += text.Length;
                    if (total > MaxSharedCharacters)
                    {
                        throw new InvalidDataException("More text than any sheet of cases holds.");
                    }

                    strings.Add(text.ToString());
                    break;
            }
        }

        return strings;
    }

    /// <summary>The cell styles (indexes into cellXfs) whose number format shows a date.</summary>
    private static HashSet<int> DateStyles(ZipArchive zip)
    {
        var styles = new HashSet<int>();
        var document = Load(zip, "xl/styles.xml");
        if (document is null)
        {
            return styles;
        }

        var manager = new XmlNamespaceManager(document.NameTable);
        manager.AddNamespace("m", Main);
        var custom = document.SelectNodes("/m:styleSheet/m:numFmts/m:numFmt", manager)!.OfType<XmlElement>()
            .Where(f => LooksLikeDate(f.GetAttribute("formatCode")))
            .Select(f => int.Parse(f.GetAttribute("numFmtId"), CultureInfo.InvariantCulture))
            .ToHashSet();
        var index = 0;
        foreach (var xf in document.SelectNodes("/m:styleSheet/m:cellXfs/m:xf", manager)!.OfType<XmlElement>())
        {
            if (int.TryParse(xf.GetAttribute("numFmtId"), NumberStyles.None, CultureInfo.InvariantCulture, out var format) && (DateFormats.Contains(format) || custom.Contains(format)))
            {
                styles.Add(index);
            }

            index++;
        }

        return styles;
    }

    /// <summary>A custom format shows a date when it has d, m or y outside quoted text and colour or locale brackets.</summary>
    private static bool LooksLikeDate(string format)
    {
        var quoted = false;
        var bracket = false;
        foreach (var ch in format)
        {
            switch (ch)
            {
                case '"':
                    quoted = !quoted;
                    break;
                case '[' when !quoted:
                    bracket = true;
                    break;
                case ']' when !quoted:
                    bracket = false;
                    break;
                case 'd' or 'D' or 'm' or 'M' or 'y' or 'Y' when !quoted && !bracket:
                    return true;
            }
        }

        return false;
    }

    private static XmlDocument? Load(ZipArchive zip, string path)
    {
        using var stream = zip.GetEntry(path)?.Open();
        if (stream is null)
        {
            return null;
        }

        var document = new XmlDocument { XmlResolver = null };
        using var xml = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
        document.Load(xml);
        return document;
    }
}
