using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Bench;

/// <summary>
/// The de-identified export alone, at a size that takes a minute rather than an hour to prepare, with its parts timed
/// apart — the profile behind each change: building the row's fields, the CSV writer on rows of the same shape, and the
/// whole export (both passes) — so the limit is named, not guessed.
/// </summary>
internal static class ExportBench
{
    /// <param name="dump">Where to write the export once, to compare two versions' files byte for byte.</param>
    public static string Run(int cases, int runs, string? dump = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dalel-export-bench-" + Guid.NewGuid().ToString("N"));
        var options = new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast };
        try
        {
            Guid org;
            using (var instance = DalelInstance.Open(options, TimeProvider.System))
            {
                org = new InitialiseVault(instance).Run("benchmark passphrase", "Benchmark organisation", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value.OrganisationId;
                var door = instance.Enter(OrgScope.Cli(org), Capability.WriteCases).Value;
                var synthetic = new SyntheticCases(seed: 2024);
                for (var done = 0; done < cases; done += 20_000)
                {
                    var batch = Enumerable.Range(0, Math.Min(20_000, cases - done)).Select(_ => synthetic.Next(org)).ToList();
                    instance.Database.Write((c, t) =>
                    {
                        foreach (var record in batch)
                        {
                            CaseWrites.Insert(c, t, door, record, []);
                        }

                        return 0;
                    });
                }
            }

            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            using var node = DalelInstance.Open(options, TimeProvider.System);
            new UnsealVault(node).Run("benchmark passphrase", "bench");
            var reader = OrgScope.Cli(org);
            var stored = node.Enter(reader, Capability.ReadCodedFacts).Value.Cases.ToList();
            var records = stored.Select(c => c.Facts).ToList();
            var parse = Rate(runs, records.Count, () =>
            {
                var n = 0;
                foreach (var c in stored)
                {
                    n += c.Facts.Victims.Count;
                }

                return n;
            });

            var numbers = new ExportDeidentified.GroupKey.Numbering();
            var rows = Rate(runs, records.Count, () =>
            {
                var n = 0;
                foreach (var c in stored)
                {
                    n += DeidentifiedRow.Of(c.Body.Span, numbers).Victims;
                }

                return n;
            });
            var read = stored.Select(c => DeidentifiedRow.Of(c.Body.Span, numbers)).ToArray();
            var texts = new ExportDeidentified.RowTexts("Benchmark organisation", CsvRows.Instance);
            var blanked = new bool[ExportDeidentified.Header.Length];
            var text = new ExportDeidentified.RowText();
            var lines = Rate(runs, records.Count, () =>
            {
                text.Clear();
                foreach (var row in read)
                {
                    CsvRows.Instance.Append(text, 1, texts.Cells(row), blanked);
                }

                return text.Written.Length;
            });
            var groups = Rate(runs, records.Count, () =>
            {
                var n = 0;
                foreach (var row in read)
                {
                    for (var level = 0; level < 4; level++)
                    {
                        n += row.GroupAt(level).Year;
                    }
                }

                return n;
            });
            var sample = records.Take(1000).Select(c => ExportDeidentified.Line(1, "Benchmark organisation", c)).ToList();
            var writer = Rate(runs, records.Count, () =>
            {
                using var output = new StreamWriter(Stream.Null, Encoding.UTF8, 1 << 16);
                using var csv = Dalel.Core.Transfer.CsvOutput.Open(output);
                for (var i = 0; i < records.Count; i++)
                {
                    csv.WriteRecord(sample[i % sample.Count]);
                }

                return 0;
            });
            var whole = Rate(runs, records.Count, () =>
            {
                using var output = new StreamWriter(Stream.Null, Encoding.UTF8, 1 << 16);
                return new ExportDeidentified(node).Run(reader, new StatisticsScope.Organisation(org), output).Value.Rows;
            });

            var xlsx = Rate(runs, records.Count, () => new ExportDeidentified(node).RunXlsx(reader, new StatisticsScope.Organisation(org), Stream.Null).Value.Rows);
            var wholeGrowth = HeapGrowth(() =>
            {
                using var output = new StreamWriter(Stream.Null, Encoding.UTF8, 1 << 16);
                new ExportDeidentified(node).Run(reader, new StatisticsScope.Organisation(org), output);
            });

            // The complete case export (JSON Lines, every field, identities): owners' backup and move between instances.
            var caseExport = Rate(Math.Min(runs, 3), records.Count, () =>
            {
                using var output = new StreamWriter(Stream.Null, Encoding.UTF8, 1 << 16);
                return new Dalel.Core.Transfer.ExportCases(node).Run([reader], output).Value;
            });
            var caseGrowth = HeapGrowth(() =>
            {
                using var output = new StreamWriter(Stream.Null, Encoding.UTF8, 1 << 16);
                new Dalel.Core.Transfer.ExportCases(node).Run([reader], output);
            });

            // A statistics table as downloaded: counted, protected, then written as CSV or XLSX.
            var statistics = new ComputeStatistics(node);
            var query = new StatisticsQuery { Rows = "region", Columns = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024" } };
            var scope = new StatisticsScope.Organisation(org);
            var table = statistics.Run(reader, scope, query).Value;
            var tableCsv = Milliseconds(runs, () =>
            {
                using var text = new StringWriter(CultureInfo.InvariantCulture);
                TableFormats.Csv(statistics.Run(reader, scope, query).Value, "en", text);
            });
            var tableXlsx = Milliseconds(runs, () =>
            {
                using var memory = new MemoryStream();
                TableFormats.Xlsx(statistics.Run(reader, scope, query).Value, "en", memory);
            });

            if (dump is not null)
            {
                using var file = new StreamWriter(dump, false, new UTF8Encoding(false));
                new ExportDeidentified(node).Run(reader, new StatisticsScope.Organisation(org), file);
            }

            return string.Create(CultureInfo.InvariantCulture, $"""
                | Part ({cases:N0} cases, p50 of {runs} runs) | Cases/s |
                |---|---|
                | Reading each case into a record of its coded facts (the general path), one core | {parse:N0} |
                | Reading each case's row straight from its bytes, one core | {rows:N0} |
                | Formatting each row as CSV from what was read (cells escaped once per value), one core | {lines:N0} |
                | Each row's anonymity groups (four keys), one core | {groups:N0} |
                | The CSV writer alone, on rows of the same shape | {writer:N0} |
                | The whole export (two passes, coarsening, writing) | {whole:N0} |
                | Managed heap growth during one whole export | {wholeGrowth:F1} MB |
                | The whole export as .xlsx | {xlsx:N0} |
                | Complete case export (JSON Lines: every field, identities), p50 of {Math.Min(runs, 3)} | {caseExport:N0} |
                | Managed heap growth during one complete case export | {caseGrowth:F1} MB |

                | Statistics table ({table.RowValues.Count} regions × {table.ColumnValues.Count} perpetrators, year 2024, p50 of {runs}) | Counted and written |
                |---|---|
                | As CSV | {tableCsv:F1} ms |
                | As XLSX | {tableXlsx:F1} ms |
                """);
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>The p50 of the runs, in milliseconds, after one run not timed.</summary>
    private static double Milliseconds(int runs, Action work)
    {
        work();
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var watch = Stopwatch.StartNew();
            work();
            times.Add(watch.Elapsed.TotalMilliseconds);
        }

        times.Sort();
        return times[times.Count / 2];
    }

    /// <summary>How far the managed heap grows above where a full collection left it while the work runs (sampled every 5 ms).</summary>
    private static double HeapGrowth(Action work)
    {
        var start = GC.GetTotalMemory(true);
        var peak = start;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(() =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, GC.GetTotalMemory(false));
                Thread.Sleep(5);
            }
        });
        work();
        stop.Cancel();
        sampler.Wait();
        return (peak - start) / 1048576.0;
    }

    private static double Rate(int runs, int rows, Func<int> work) => rows / (Milliseconds(runs, () => work()) / 1000);
}
