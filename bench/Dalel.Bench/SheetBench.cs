using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core;
using Dalel.Core.Import;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using MiniExcelLibs;

namespace Dalel.Bench;

/// <summary>
/// Sheet import (issue 14): an XLSX of N rows as a coalition keeps it (Russian headers, dates in four forms, free-text
/// regions and perpetrators), imported with full validation: the dry run, then the import (which reads the sheet
/// once, writing as it goes in one transaction). The baseline in the same run is reading the same file with
/// MiniExcel alone. Memory: peak resident memory above the idle process during the import, and what stays after it
/// (the decrypted cases the unsealed instance keeps): the import's own working memory is the difference.
/// </summary>
internal static class SheetBench
{
    private static readonly string[] Regions = ["г. Алматы", "Астана", "Карагандинская обл.", "Шымкент", "Абай", "Туркестан", "Павлодарская область", "Костанай"];
    private static readonly string[] Perpetrators = ["полиция", "МВД", "участковый", "соседи", "родственники", "неизвестные", "КНБ"];
    private static readonly string[] Violations = ["вымогательство", "избиение", "угрозы", "аутинг", "подстава", "Физическое нападение; угрозы"];

    public static string Run(IReadOnlyList<int> sizes)
    {
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"## Sheet import run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        report.AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, {Math.Round(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1024.0 / 1024 / 1024)} GiB, .NET {Environment.Version}, embedded SQLite. Target: 100,000 rows from XLSX with full validation in ≤ 10 s, memory flat in N.");
        report.AppendLine("Command: `dotnet run -c Release --project bench/Dalel.Bench -- --sheets [--rows 25000,50000,100000]`.");
        report.AppendLine();
        report.AppendLine("| Rows | Reading the XLSX with MiniExcel alone (baseline) | Dry run (read, map, validate) | Import (read, validate, write in one transaction) | Rows/s (import) | Peak memory above idle during import | Kept after import (decrypted cases) | Import's own working memory | per row |");
        report.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var rows in sizes)
        {
            report.AppendLine(Measure(rows));
        }

        report.AppendLine();
        report.AppendLine("How to read it: the sheet has one row per case, Russian headers, dates in four forms (15.03.2024, 2024-03-15, 03.2024, Excel serial numbers), regions and perpetrators as free text mapped by the suggestions. The import reads the sheet once, inside its transaction, and would roll everything back on a problem; the dry run is the same reading without writing. *Kept after import* is what the unsealed instance holds afterwards (the decrypted cases, SQLite's page cache), measured after a full collection; *the import's own working memory* is the peak minus that, a few megabytes either way (sampling noise), and does not grow with N because rows stream. With a row per victim, cases are gathered before they are checked, so that memory grows with the number of cases.");
        return report.ToString();
    }

    private static string Measure(int rows)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dalel-sheet-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, "sheet.xlsx");
        Write(file, rows);
        try
        {
            using var instance = DalelInstance.Open(new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast }, TimeProvider.System);
            var org = new InitialiseVault(instance).Run("sheet benchmark passphrase", "Org", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value.OrganisationId;
            var owner = OrgScope.Cli(org);

            var baseline = Stopwatch.StartNew();
            var cells = 0L;
            foreach (IDictionary<string, object?> row in MiniExcel.Query(file, useHeaderRow: false, excelType: ExcelType.XLSX))
            {
                cells += row.Count;
            }

            baseline.Stop();

            var sheet = Sheet.Open(file).Value;
            var columns = SuggestMapping.Columns(sheet.Header).Where(c => c.Field is not null).Select(c => new MappedColumn(c.Column, c.Field!)).ToList();
            var mapping = new ImportMapping { Columns = columns };
            mapping = SuggestMapping.WithSuggestions(mapping, SuggestMapping.Values(sheet, mapping, instance.Catalog));

            var dry = Stopwatch.StartNew();
            var checkedReport = new ImportSheet(instance).DryRun(owner, sheet, mapping).Value;
            dry.Stop();
            if (checkedReport.ProblemCount > 0)
            {
                throw new InvalidOperationException($"The generated sheet has problems: {checkedReport.Problems[0]}");
            }

            ImportReport imported = null!;
            var (elapsed, idle, peak) = PeakMemory.Measure(() => imported = new ImportSheet(instance).Run(owner, sheet, mapping, "benchmark").Value);
            if (imported.Created != rows)
            {
                throw new InvalidOperationException($"Imported {imported.Created} of {rows}.");
            }

            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            using var process = Process.GetCurrentProcess();
            var kept = process.WorkingSet64 - idle;
            double Mb(long bytes) => bytes / (1024.0 * 1024);
            var own = peak - idle - kept;
            Console.WriteLine($"{rows:N0} rows: import {elapsed.TotalSeconds:0.00} s");
            return string.Create(CultureInfo.InvariantCulture,
                $"| {rows:N0} | {baseline.Elapsed.TotalSeconds:0.00} s | {dry.Elapsed.TotalSeconds:0.00} s | **{elapsed.TotalSeconds:0.00} s** | {rows / elapsed.TotalSeconds:N0} | {Mb(peak - idle):N0} MB | {Mb(kept):N0} MB | {Mb(own):N0} MB | {own / (double)rows / 1024:0.0} KB |");
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>A messy sheet of one row per case, written as it streams.</summary>
    private static void Write(string path, int rows)
    {
        var random = new Random(2024);
        IEnumerable<Dictionary<string, object>> Rows()
        {
            for (var i = 0; i < rows; i++)
            {
                var day = new DateOnly(2019, 1, 1).AddDays(random.Next(0, 2000));
                var date = (i % 4) switch
                {
                    0 => day.ToString("dd.MM.yyyy", CultureInfo.InvariantCulture),
                    1 => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    2 => day.ToString("MM.yyyy", CultureInfo.InvariantCulture),
                    _ => (day.DayNumber - new DateOnly(1899, 12, 30).DayNumber).ToString(CultureInfo.InvariantCulture),
                };
                yield return new Dictionary<string, object>
                {
                    ["№"] = $"R-{i + 1}",
                    ["Дата"] = date,
                    ["Область"] = Regions[random.Next(Regions.Length)],
                    ["Что произошло"] = $"Описание случая {i + 1}: задержание у клуба, требования денег, угрозы аутингом.",
                    ["Кто"] = Perpetrators[random.Next(Perpetrators.Length)],
                    ["Нарушение"] = Violations[random.Next(Violations.Length)],
                    ["Пострадавший"] = $"V-{random.Next(1000)}",
                    ["Возраст"] = random.Next(16, 60),
                };
            }
        }

        MiniExcel.SaveAs(path, Rows(), sheetName: "Лист1", excelType: ExcelType.XLSX);
    }
}
