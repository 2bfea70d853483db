using System.Globalization;
using Dalel.Core.Cases;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>Rows as CSV text: cells escaped once per distinct value, rows assembled into reused buffers.</summary>
public sealed partial class ExportDeidentified
{
    /// <summary>The text of a share of a batch: one growing array, kept from batch to batch, so no batch allocates.</summary>
    internal sealed class RowText
    {
        private char[] _chars = System.Buffers.ArrayPool<char>.Shared.Rent(1 << 16);
        private int _length;

        public ReadOnlySpan<char> Written => _chars.AsSpan(0, _length);

        public void Clear() => _length = 0;

        public void Append(string text)
        {
            Room(text.Length);
            text.CopyTo(_chars.AsSpan(_length));
            _length += text.Length;
        }

        public void Append(int number)
        {
            Room(11);
            number.TryFormat(_chars.AsSpan(_length), out var digits, default, CultureInfo.InvariantCulture);
            _length += digits;
        }

        public void Return() => System.Buffers.ArrayPool<char>.Shared.Return(_chars, clearArray: true);

        private void Room(int more)
        {
            if (_length + more > _chars.Length)
            {
                var larger = System.Buffers.ArrayPool<char>.Shared.Rent(Math.Max(_chars.Length * 2, _length + more));
                _chars.AsSpan(0, _length).CopyTo(larger);
                System.Buffers.ArrayPool<char>.Shared.Return(_chars, clearArray: true);
                _chars = larger;
            }
        }
    }

    /// <summary>
    /// The cells of rows read from bytes, escaped as CSV: each distinct set of codes is joined and escaped once per export
    /// (and per core), not once per row. Used by one thread at a time.
    /// </summary>
    internal sealed class RowTexts(string organisation)
    {
        private readonly string _organisation = Transfer.CsvOutput.Cell(organisation);
        private readonly string[] _cells = new string[Header.Length];
        private readonly Dictionary<ulong, string>[] _joined = Enumerable.Range(0, 10).Select(_ => new Dictionary<ulong, string>()).ToArray();
        private readonly Dictionary<string, string> _places = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> _dates = [];
        private readonly CodeBits[] _bits =
        [
            CodeBits.Of[Catalog.Violations], CodeBits.Of[Catalog.PerpetratorTypes], CodeBits.Articles, CodeBits.Of[Catalog.SexualOrientation],
            CodeBits.Of[Catalog.GenderIdentity], CodeBits.Of[Catalog.GenderExpression], CodeBits.Of[Catalog.SexCharacteristics],
            CodeBits.Of[Catalog.TransStatus], CodeBits.Of[Catalog.AgeBands], CodeBits.Of[Catalog.Responses],
        ];

        /// <summary>
        /// The row's cells, escaped: the same as each of <see cref="Line"/>'s fields of the case's record passed through
        /// <see cref="Transfer.CsvOutput.Cell"/> (the row number is left empty). The array is reused by the next call.
        /// </summary>
        public string[] Cells(in DeidentifiedRow r)
        {
            var named = r.Named;
            var line = _cells;
            line[0] = "";
            line[1] = _organisation;
            line[2] = Number(r.From.Year);
            line[3] = r.Precision is DatePrecision.Day or DatePrecision.Month ? Number(r.From.Month) : "";
            line[4] = named && r.Precision == DatePrecision.Day ? Date(r.From) : "";
            line[5] = Place(r.Region);
            line[6] = named ? Place(r.Settlement) : "";
            line[7] = r.Verified ? "verified" : "draft";
            line[8] = Number(r.Victims);
            line[9] = Number(r.Acts);
            line[10] = Joined(0, r.Violations);
            line[11] = Joined(1, r.Perpetrators);
            line[12] = Joined(2, r.Articles);
            line[13] = Joined(3, r.Orientation);
            line[14] = Joined(4, r.Identity);
            line[15] = Joined(5, r.Expression);
            line[16] = Joined(6, r.Characteristics);
            line[17] = Joined(7, r.Trans);
            line[18] = Joined(8, r.Age);
            line[19] = r.Reported ? "yes" : "no";
            line[20] = Joined(9, r.Responses);
            return line;
        }

        /// <summary>One CSV record: the row's number, then its escaped cells, blanked ones left empty.</summary>
        public static void Append(RowText text, int number, string[] cells, bool[] blanked)
        {
            text.Append(number);
            for (var column = 1; column < cells.Length; column++)
            {
                text.Append(Transfer.CsvOutput.Separator);
                if (!blanked[column])
                {
                    text.Append(cells[column]);
                }
            }

            text.Append(Transfer.CsvOutput.RecordEnd);
        }

        private string Joined(int column, ulong mask)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_joined[column], mask, out var known);
            if (!known)
            {
                text = Transfer.CsvOutput.Cell(_bits[column].Joined(mask));
            }

            return text!;
        }

        private string Place(string? code)
        {
            if (code is null)
            {
                return "";
            }

            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_places, code, out var known);
            if (!known)
            {
                text = Transfer.CsvOutput.Cell(code);
            }

            return text!;
        }

        private string Date(DateOnly date)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_dates, date.DayNumber, out var known);
            if (!known)
            {
                text = Transfer.CsvOutput.Cell(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            return text!;
        }
    }
}
