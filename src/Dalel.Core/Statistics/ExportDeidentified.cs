using System.Globalization;
using CsvHelper;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Vocabularies;

namespace Dalel.Core.Statistics;

/// <summary>What the de-identified export wrote and what it kept back.</summary>
/// <param name="Level">How far the quasi-identifiers were coarsened: 0 none, 1 no month, 2 no month or region, 3 year only.</param>
public sealed record DeidentifiedExport(int Rows, int LeftOutForConsent, int WithheldForAnonymity, int Level);

/// <summary>
/// One row per consented case of one organisation, with coded fields only: no narrative, title, names, contacts,
/// descriptions or case ids (rows get a number valid for this file only). A case is included only if every victim
/// consented to anonymous statistics. The file is 3-anonymous over the facts that single people out (organisation,
/// year, month, region, sexual orientation, gender identity and expression, sex characteristics, trans status, age
/// bands, number of victims; see <see cref="Groups"/>): the whole file is coarsened one level at a time (month, then
/// region, then everything but the year) until at most 5% of rows sit in groups smaller than 3, and those rows are
/// left out. Exact dates and settlements appear only where every victim consented to publication with their name.
/// Coalition scope is refused: a row-level file is a count of 1 of each of its combinations, which the coalition's
/// published figures promise never to reveal; coalition members use the perturbed tables. Both passes read each case
/// from its bytes (<see cref="DeidentifiedRow"/>) on every core; rows are written in order. Memory holds a reference
/// per case (the snapshot both passes share), the groups' counts, and two batches of rows.
/// </summary>
public sealed partial class ExportDeidentified(DalelInstance instance)
{
    public const int K = ComputeStatistics.DefaultThreshold;

    /// <summary>Share of rows that may be left out at a level before the next, coarser one is tried.</summary>
    private const double MostLeftOut = 0.05;

    public static readonly string[] Header =
    [
        "row", "organisation", "year", "month", "date", "region", "settlement", "status", "victims", "acts", "violations", "perpetrators",
        "iccpr", "sexual_orientation", "gender_identity", "gender_expression", "sex_characteristics", "trans_status", "age_bands",
        "reported", "responses",
    ];

    /// <summary>Columns blanked at each level of coarsening.</summary>
    private static readonly string[][] Blanked =
    [
        [],
        ["month"],
        ["month", "region"],
        ["month", "region", "sexual_orientation", "gender_identity", "gender_expression", "sex_characteristics", "trans_status", "age_bands", "victims"],
    ];


    /// <summary>The file as CSV.</summary>
    public Result<DeidentifiedExport> Run(OrgScope reader, StatisticsScope scope, TextWriter output, Action<int>? progress = null) =>
        Export(reader, scope, CsvRows.Instance, () => new CsvSink(output), progress);

    /// <summary>The same file as a spreadsheet (.xlsx), written as it goes to a stream that need not seek.</summary>
    public Result<DeidentifiedExport> RunXlsx(OrgScope reader, StatisticsScope scope, Stream output, Action<int>? progress = null) =>
        Export(reader, scope, XlsxRows.Instance, () => new XlsxSink(output), progress);

    private Result<DeidentifiedExport> Export(OrgScope reader, StatisticsScope scope, RowFormat format, Func<RowSink> open, Action<int>? progress)
    {
        if (!reader.Can(Capability.ReadCodedFacts))
        {
            return new Forbidden();
        }

        if (scope is not StatisticsScope.Organisation own)
        {
            return Invalid.One("scope", "stats.deidentified_coalition");
        }

        if (own.Id != reader.OrganisationId)
        {
            return new NotFound();
        }

        var opened = instance.Enter(reader, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var door = opened.Value;
        var organisation = new ListOrganisations(instance).Run().Value.First(o => o.Id == own.Id).Name;
        // One snapshot for both passes: a case recorded between them would otherwise be written unchecked. Each pass
        // reads the cases' bytes again rather than keeping anything per case (see DeidentifiedRow).
        var all = door.Cases.ToList();
        var numbers = new GroupKey.Numbering();
        var (consented, groups) = CountGroups(all, numbers);
        var level = 0;
        while (level < Blanked.Length - 1 && InSmallGroups(groups) > MostLeftOut * consented)
        {
            groups = Coarser(groups, ++level);
        }

        var blanked = Header.Select(c => Blanked[level].Contains(c)).ToArray();

        using var sink = open();

        // Rows are read and formatted a batch at a time on every core (this thread among them) while the previous batch
        // is written; two batches (reused) are the memory the export holds beyond the groups' counts. Each core formats
        // its share of a batch with its own texts, cells escaped once per distinct value (see RowTexts).
        var shares = Math.Max(1, Environment.ProcessorCount);
        var texts = Enumerable.Range(0, shares).Select(_ => new RowTexts(organisation, format)).ToArray();
        var buffers = new[] { new Batch(shares), new Batch(shares) };
        var row = 0;
        Task? writing = null;
        try
        {
            for (var start = 0; start < all.Count; start += BatchSize)
            {
                var batch = buffers[start / BatchSize % 2];
                batch.Count = Math.Min(BatchSize, all.Count - start);
                var first = start;
                Parallel.For(0, shares, share =>
                {
                    for (var i = batch.Count * share / shares; i < batch.Count * (share + 1) / shares; i++)
                    {
                        batch.Read(i, all[first + i], level, groups, numbers, organisation);
                    }
                });
                batch.Number(row);
                Parallel.For(0, shares, share => batch.Format(share, texts[share], blanked));
                row = batch.LastRow;

                // Batches are written in order, one at a time; the one before last is written, so its buffer is free.
                writing?.GetAwaiter().GetResult();
                var written = row;
                writing = Task.Run(() =>
                {
                    for (var share = 0; share < shares; share++)
                    {
                        sink.Write(batch.Texts[share].Written, batch.Rows[share]);
                    }

                    progress?.Invoke(written);
                });
            }

            var last = writing;
            writing = null;
            last?.GetAwaiter().GetResult();
            sink.End();
            progress?.Invoke(row);
        }
        finally
        {
            // If reading a batch failed, the batch before it may still be writing: it finishes (its own failure, if
            // any, is secondary to the one being thrown) before the sink is disposed and the buffers are cleared.
            if (writing is not null)
            {
                try
                {
                    writing.Wait();
                }
                catch (AggregateException)
                {
                }
            }

            foreach (var buffer in buffers)
            {
                buffer.Return();
            }
        }

        return new DeidentifiedExport(row, all.Count - consented, consented - row, level);
    }

    /// <summary>Rows read at once before they are written.</summary>
    private const int BatchSize = 8_192;

    private enum RowKind : byte
    {
        Skipped,
        Row,
        Record,
    }

    /// <summary>
    /// One batch of rows: each case's kind, its row when read from bytes or its line when read as a record, its number
    /// in the file, and the batch's text, one part per core.
    /// </summary>
    private sealed class Batch(int shares)
    {
        public int Count { get; set; }

        public int LastRow { get; private set; }

        /// <summary>Each share's text, kept from batch to batch so its memory is reused.</summary>
        public RowText[] Texts { get; } = Enumerable.Range(0, shares).Select(_ => new RowText()).ToArray();

        /// <summary>How many rows each share's text holds.</summary>
        public int[] Rows { get; } = new int[shares];

        // Rented, as is each share's text: an export's buffers are the last one's, not new large objects every time.
        private readonly RowKind[] _kinds = System.Buffers.ArrayPool<RowKind>.Shared.Rent(BatchSize);
        private readonly DeidentifiedRow[] _rows = System.Buffers.ArrayPool<DeidentifiedRow>.Shared.Rent(BatchSize);
        private readonly string[]?[] _lines = System.Buffers.ArrayPool<string[]?>.Shared.Rent(BatchSize);
        private readonly int[] _numbers = System.Buffers.ArrayPool<int>.Shared.Rent(BatchSize);

        /// <summary>Gives the buffers back, emptied (rows hold places). Only once nothing reads or writes them.</summary>
        public void Return()
        {
            System.Buffers.ArrayPool<RowKind>.Shared.Return(_kinds);
            System.Buffers.ArrayPool<DeidentifiedRow>.Shared.Return(_rows, clearArray: true);
            System.Buffers.ArrayPool<string[]?>.Shared.Return(_lines, clearArray: true);
            System.Buffers.ArrayPool<int>.Shared.Return(_numbers);
            foreach (var text in Texts)
            {
                text.Return();
            }
        }

        public void Read(int i, StoredCase stored, int level, Dictionary<GroupKey, int> groups, GroupKey.Numbering numbers, string organisation)
        {
            var row = DeidentifiedRow.Of(stored.Body.Span, numbers);
            if (!row.Unusual)
            {
                _rows[i] = row;
                _kinds[i] = row.Consented && groups[row.GroupAt(level)] >= K ? RowKind.Row : RowKind.Skipped;
                return;
            }

            var record = stored.Facts;
            var keep = ComputeStatistics.Consented(record) && groups[Groups(record, numbers)[level]] >= K;
            _lines[i] = keep ? Line(0, organisation, record) : null;
            _kinds[i] = keep ? RowKind.Record : RowKind.Skipped;
        }

        /// <summary>Numbers the rows kept, following the rows of the batches before.</summary>
        public void Number(int rowsBefore)
        {
            for (var i = 0; i < Count; i++)
            {
                _numbers[i] = _kinds[i] == RowKind.Skipped ? 0 : ++rowsBefore;
            }

            LastRow = rowsBefore;
        }

        /// <summary>Writes one share of the batch's rows, as CSV, into that share's text.</summary>
        public void Format(int share, RowTexts texts, bool[] blanked)
        {
            var text = Texts[share];
            text.Clear();
            Rows[share] = 0;
            for (var i = Count * share / Texts.Length; i < Count * (share + 1) / Texts.Length; i++)
            {
                switch (_kinds[i])
                {
                    case RowKind.Row:
                        texts.Format.Append(text, _numbers[i], texts.Cells(_rows[i]), blanked);
                        Rows[share]++;
                        break;
                    case RowKind.Record:
                        texts.Format.Append(text, _numbers[i], texts.CellsOf(_lines[i]!), blanked);
                        _lines[i] = null;
                        Rows[share]++;
                        break;
                }
            }
        }
    }
}
