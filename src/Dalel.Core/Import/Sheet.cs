using System.Globalization;
using System.Text;

namespace Dalel.Core.Import;

/// <summary>One row of a sheet as text, numbered as the person sees it in their spreadsheet (the header is row 1).</summary>
public sealed record SheetRow(int Number, IReadOnlyList<string> Cells)
{
    public string this[int column] => column < Cells.Count ? Cells[column] : "";
}

/// <summary>
/// A spreadsheet as coalitions keep them: XLSX, or CSV in whatever encoding (UTF-8, UTF-16, Windows-1251 from an
/// older Excel in Russian) and delimiter (comma, semicolon — Excel's in Russian and Kazakh locales —, tab) it was
/// saved with. Rows stream one at a time, so a sheet of any size is read in constant memory.
/// </summary>
public sealed class Sheet
{
    private readonly Func<IEnumerable<SheetRow>> _rows;

    private Sheet(IReadOnlyList<string> header, Func<IEnumerable<SheetRow>> rows, string description)
    {
        Header = header;
        _rows = rows;
        Description = description;
    }

    /// <summary>The first row's cells, trimmed.</summary>
    public IReadOnlyList<string> Header { get; }

    /// <summary>What was recognised, e.g. "CSV, Windows-1251, ';'", for the person to check.</summary>
    public string Description { get; }

    /// <summary>
    /// The rows after the header, read again from the start at each enumeration; blank rows are skipped. A file that
    /// turns out unreadable part-way (a broken or crafted workbook) ends the rows and sets <see cref="Failure"/>.
    /// </summary>
    public IEnumerable<SheetRow> Rows => Guarded(_rows());

    /// <summary>Why the last reading of <see cref="Rows"/> stopped early, naming the row after the last one read; null when it did not.</summary>
    public Error? Failure { get; private set; }

    private IEnumerable<SheetRow> Guarded(IEnumerable<SheetRow> rows)
    {
        Failure = null;
        using var reading = rows.GetEnumerator();
        var last = 1;
        while (true)
        {
            try
            {
                if (!reading.MoveNext())
                {
                    yield break;
                }
            }
            catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException or DecoderFallbackException
                || e.GetType().Namespace?.StartsWith("CsvHelper", StringComparison.Ordinal) == true)
            {
                Failure = Invalid.One("file", "error.sheet_unreadable_at", (last + 1).ToString(CultureInfo.InvariantCulture));
                yield break;
            }

            last = reading.Current.Number;
            yield return reading.Current;
        }
    }

    /// <summary>Opens <paramref name="path"/> by its content: an XLSX is a ZIP ("PK"); anything else is read as CSV.</summary>
    public static Result<Sheet> Open(string path)
    {
        if (!File.Exists(path))
        {
            return Invalid.One("file", "error.sheet_missing", Path.GetFileName(path));
        }

        return Open(() => File.OpenRead(path));
    }

    /// <summary>Opens a sheet held in memory (an upload, which is never written to disk).</summary>
    public static Result<Sheet> Open(byte[] content) => Open(() => new MemoryStream(content, writable: false));

    private static Result<Sheet> Open(Func<Stream> open)
    {
        Span<byte> start = stackalloc byte[4];
        using (var probe = open())
        {
            start = start[..probe.ReadAtLeast(start, 4, throwOnEndOfStream: false)];
        }

        return start is [(byte)'P', (byte)'K', 3, 4] ? Xlsx(open) : Csv(open);
    }

    private static Result<Sheet> Xlsx(Func<Stream> open)
    {
        List<SheetRow> first;
        try
        {
            first = XlsxRows.Read(open).Take(1).ToList();
        }
        catch (Exception e) when (e is InvalidDataException or System.Xml.XmlException or IOException)
        {
            return Invalid.One("file", "error.sheet_unreadable");
        }

        if (first.Count == 0)
        {
            return Invalid.One("file", "error.csv_empty");
        }

        var headerNumber = first[0].Number;
        return new Sheet(Trimmed(first[0].Cells), () => XlsxRows.Read(open).Where(r => r.Number > headerNumber), "XLSX");
    }

    private static Result<Sheet> Csv(Func<Stream> open)
    {
        Encoding encoding;
        using (var probe = open())
        {
            encoding = DetectEncoding(probe);
        }

        char delimiter;
        using (var reader = new StreamReader(open(), encoding))
        {
            var firstLine = reader.ReadLine() ?? "";
            delimiter = Delimiters.OrderByDescending(d => firstLine.Count(c => c == d)).First();
        }

        IEnumerable<SheetRow> Read()
        {
            using var reader = new StreamReader(open(), encoding);
            using var csv = CsvHelper.CsvReader.Create(reader, new CsvHelper.CsvReaderOptions { Separator = delimiter, TrimWhitespace = true, HasHeader = false }, leaveOpen: true);
            var number = 0;
            while (csv.Read())
            {
                number++;
                var cells = Enumerable.Range(0, csv.FieldCount).Select(i => Unescaped(csv.GetString(i))).ToList();
                if (cells.Any(c => c.Length > 0))
                {
                    yield return new SheetRow(number, cells);
                }
            }
        }

        var first = Read().Take(1).ToList();
        if (first.Count == 0)
        {
            return Invalid.One("file", "error.csv_empty");
        }

        var headerNumber = first[0].Number;
        var name = delimiter == '\t' ? "tab" : $"'{delimiter}'";
        return new Sheet(Trimmed(first[0].Cells), () => Read().Where(r => r.Number > headerNumber), $"CSV, {encoding.WebName}, {name}");
    }

    private static readonly char[] Delimiters = [';', ',', '\t'];

    private static List<string> Trimmed(IReadOnlyList<string> cells) => cells.Select(c => c.Trim().TrimStart('\uFEFF')).ToList();

    /// <summary>
    /// A cell Dalel (or another careful tool) wrote with a leading apostrophe against CSV injection ("'=…") is read back
    /// without it, so a sheet exported and imported again keeps its text.
    /// </summary>
    private static string Unescaped(string cell) =>
        cell is ['\'', '=' or '+' or '-' or '@' or '\t' or '\r', ..] ? cell[1..] : cell;

    /// <summary>
    /// By byte-order mark; else UTF-8 if the whole file is valid UTF-8 (checked as it streams by); else Windows-1251,
    /// which older Russian and Kazakh Excel writes for "CSV".
    /// </summary>
    public static Encoding DetectEncoding(Stream stream)
    {
        Span<byte> bom = stackalloc byte[3];
        var read = stream.ReadAtLeast(bom, 3, throwOnEndOfStream: false);
        bom = bom[..read];
        if (bom is [0xEF, 0xBB, 0xBF])
        {
            return new UTF8Encoding(false);
        }

        if (bom is [0xFF, 0xFE, ..])
        {
            return Encoding.Unicode;
        }

        if (bom is [0xFE, 0xFF, ..])
        {
            return Encoding.BigEndianUnicode;
        }

        var decoder = new UTF8Encoding(false, throwOnInvalidBytes: true).GetDecoder();
        var bytes = new byte[64 * 1024];
        var chars = new char[64 * 1024 + 4];
        try
        {
            decoder.GetChars(bom, chars, flush: false);
            int n;
            while ((n = stream.Read(bytes)) > 0)
            {
                decoder.GetChars(bytes.AsSpan(0, n), chars, flush: false);
            }

            decoder.GetChars([], chars, flush: true);
            return new UTF8Encoding(false);
        }
        catch (DecoderFallbackException)
        {
            Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
            return Encoding.GetEncoding(1251);
        }
    }
}
