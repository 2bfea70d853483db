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
}
