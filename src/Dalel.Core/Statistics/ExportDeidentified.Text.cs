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
    /// The cells of rows read from bytes, escaped for the file's format: each distinct set of codes is joined and escaped
    /// once per export (and per core), not once per row. Used by one thread at a time.
    /// </summary>
    internal sealed class RowTexts(string organisation, RowFormat format)
    {
        /// <summary>The columns written as numbers: row, year, month, victims, acts.</summary>
        private static readonly bool[] Numeric = Header.Select(c => c is "row" or "year" or "month" or "victims" or "acts").ToArray();

        private readonly string _organisation = format.Text(organisation);
        private readonly string _verified = format.Text("verified");
        private readonly string _draft = format.Text("draft");
        private readonly string _yes = format.Text("yes");
        private readonly string _no = format.Text("no");
        private readonly string[] _cells = new string[Header.Length];
        private readonly string?[] _numbers = new string?[SmallNumbers.Length];
        private readonly Dictionary<ulong, string>[] _joined = Enumerable.Range(0, 10).Select(_ => new Dictionary<ulong, string>()).ToArray();
        private readonly Dictionary<string, string> _places = new(StringComparer.Ordinal);
        private readonly Dictionary<int, string> _dates = [];
        private readonly CodeBits[] _bits =
        [
            CodeBits.Of[Catalog.Violations], CodeBits.Of[Catalog.PerpetratorTypes], CodeBits.Articles, CodeBits.Of[Catalog.SexualOrientation],
            CodeBits.Of[Catalog.GenderIdentity], CodeBits.Of[Catalog.GenderExpression], CodeBits.Of[Catalog.SexCharacteristics],
            CodeBits.Of[Catalog.TransStatus], CodeBits.Of[Catalog.AgeBands], CodeBits.Of[Catalog.Responses],
        ];

        public RowFormat Format => format;

        /// <summary>
        /// The row's cells, escaped: the same as <see cref="CellsOf"/> the case record's <see cref="Line"/> (the row
        /// number is left to the format). The array is reused by the next call.
        /// </summary>
        public string[] Cells(in DeidentifiedRow r)
        {
            var named = r.Named;
            var line = _cells;
            line[0] = format.Empty;
            line[1] = _organisation;
            line[2] = Number(r.From.Year);
            line[3] = r.Precision is DatePrecision.Day or DatePrecision.Month ? Number(r.From.Month) : format.Empty;
            line[4] = named && r.Precision == DatePrecision.Day ? Date(r.From) : format.Empty;
            line[5] = Place(r.Region);
            line[6] = named ? Place(r.Settlement) : format.Empty;
            line[7] = r.Verified ? _verified : _draft;
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
            line[19] = r.Reported ? _yes : _no;
            line[20] = Joined(9, r.Responses);
            return line;
        }

        /// <summary>The cells of a line built from a record (<see cref="Line"/>), escaped; a new array.</summary>
        public string[] CellsOf(string[] line) =>
            line.Select((value, column) => value.Length == 0 ? format.Empty : Numeric[column] ? format.Number(value) : format.Text(value)).ToArray();

        private string Number(int n)
        {
            if ((uint)n >= (uint)_numbers.Length)
            {
                return format.Number(n.ToString(CultureInfo.InvariantCulture));
            }

            return _numbers[n] ??= format.Number(SmallNumbers[n]);
        }

        private string Joined(int column, ulong mask)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_joined[column], mask, out var known);
            if (!known)
            {
                text = format.Text(_bits[column].Joined(mask));
            }

            return text!;
        }

        private string Place(string? code)
        {
            if (code is null)
            {
                return format.Empty;
            }

            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_places, code, out var known);
            if (!known)
            {
                text = format.Text(code);
            }

            return text!;
        }

        private string Date(DateOnly date)
        {
            ref var text = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_dates, date.DayNumber, out var known);
            if (!known)
            {
                text = format.Text(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            }

            return text!;
        }
    }
}
