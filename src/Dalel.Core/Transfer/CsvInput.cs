using System.Globalization;
using CsvHelper;

namespace Dalel.Core.Transfer;

/// <summary>How Dalel reads a CSV a user uploads: a malformed row is skipped and named (by row number) in <paramref name="errors"/>.</summary>
internal static class CsvInput
{
    public static CsvReader Open(TextReader text, List<FieldError> errors) => CsvReader.Create(text, new CsvReaderOptions
    {
        MalformedData = CsvMalformedDataHandling.Skip,
        OnMalformedRecord = record => errors.Add(new FieldError("file", "error.csv_bad_row", (record.RecordNumber - 1).ToString(CultureInfo.InvariantCulture))),
        TrimWhitespace = true,
    }, leaveOpen: true);
}
