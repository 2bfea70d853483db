using CsvHelper;

namespace Dalel.Core.Transfer;

/// <summary>
/// How Dalel writes every CSV: a cell that begins with = + - @, a tab or a carriage return is written with a leading
/// apostrophe (OWASP's advice against CSV injection), so a spreadsheet shows a reporter's "=HYPERLINK(…)" as text
/// instead of running it. Every cell Dalel writes is text here, counts included; they are never negative.
/// </summary>
internal static class CsvOutput
{
    public static CsvWriter Open(TextWriter output) => CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, true);

    /// <summary>
    /// One cell exactly as <see cref="Open"/>'s writer writes it (quoted and guarded as needed), for a writer that
    /// assembles rows from cells escaped once each rather than once per row.
    /// </summary>
    public static string Cell(string value)
    {
        // Alone in a record an empty cell is written quoted, so the record is not read as no record; among others it is
        // written as nothing, which is how the assembled rows use it.
        if (value.Length == 0)
        {
            return "";
        }

        // Codes and numbers (letters, digits, '_', ';') are written as they are; only other text is asked of the writer.
        if (!value.AsSpan().ContainsAnyExcept(Plain))
        {
            return value;
        }

        var written = Record([value]);
        return written[..^RecordEnd.Length];
    }

    private static readonly System.Buffers.SearchValues<char> Plain =
        System.Buffers.SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_;");

    /// <summary>What ends a record, as <see cref="Open"/>'s writer writes it.</summary>
    public static readonly string RecordEnd = Record(["x"])[1..];

    /// <summary>What ends a cell that another follows.</summary>
    public static readonly string Separator = Record(["x", "y"])[1..^(1 + RecordEnd.Length)];

    private static string Record(string[] cells)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture);
        using (var csv = Open(text))
        {
            csv.WriteRecord(cells);
            csv.Flush();
        }

        return text.ToString();
    }
}
