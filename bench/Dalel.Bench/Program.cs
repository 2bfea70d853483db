using System.Diagnostics;
using System.Globalization;
using Dalel.Bench;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Statistics;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

// dotnet run -c Release --project bench/Dalel.Bench -- [--cases 1000000] [--runs 30] [--data DIR] [--out docs/benchmarks.md]
if (args.Contains("--load"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --load [--clients 50] [--seconds 300] [--baseline DLL] [--out docs/benchmarks.md]
    var loadOut = Args("--out") ?? "docs/benchmarks.md";
    var section = await LoadBench.Run(Arg("--clients", 50), TimeSpan.FromSeconds(Arg("--seconds", 300)), Args("--baseline"), TimeSpan.FromSeconds(Arg("--baseline-seconds", Arg("--seconds", 300))));
    var existing = File.Exists(loadOut) ? File.ReadAllText(loadOut) : "# Benchmarks\n";
    // The new run goes before the earlier load runs; the sections after them stay.
    var at = existing.IndexOf("\n## Load run", StringComparison.Ordinal);
    File.WriteAllText(loadOut, at >= 0 ? existing[..(at + 1)] + section + "\n" + existing[(at + 1)..] : existing.TrimEnd('\n') + "\n\n" + section);
    Console.WriteLine($"written to {loadOut}");
    return 0;
}

if (args.Contains("--unseal"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --unseal [--cases 1000000] [--runs 3] [--data DIR] [--no-parts]
    // The data directory is kept (made once, reused while it holds the same number of cases).
    var unsealCases = Arg("--cases", 1_000_000);
    var data = Args("--data") ?? Path.Combine(Path.GetTempPath(), $"dalel-bench-unseal-{unsealCases}");
    Console.WriteLine(UnsealBench.Run(data, unsealCases, Arg("--runs", 3), !args.Contains("--no-parts")));
    return 0;
}

if (args.Contains("--export"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --export [--cases 200000] [--runs 5] [--dump FILE]
    Console.WriteLine(ExportBench.Run(Arg("--cases", 200_000), Arg("--runs", 5), Args("--dump")));
    return 0;
}

if (args.Contains("--sheets"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --sheets [--rows 25000,50000,100000] [--out docs/benchmarks.md]
    var sheetsOut = Args("--out") ?? "docs/benchmarks.md";
    var sizes = (Args("--rows") ?? "25000,50000,100000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture)).ToList();
    var section = SheetBench.Run(sizes);
    var existing = File.Exists(sheetsOut) ? File.ReadAllText(sheetsOut) : "# Benchmarks\n";
    var start = existing.IndexOf("\n## Sheet import run", StringComparison.Ordinal);
    var end = start < 0 ? -1 : existing.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
    var updated = start < 0
        ? existing.TrimEnd('\n') + "\n\n" + section
        : existing[..(start + 1)] + section + (end < 0 ? "" : existing[end..]);
    File.WriteAllText(sheetsOut, updated);
    Console.WriteLine($"written to {sheetsOut}");
    return 0;
}

if (args.Contains("--lsh-bands"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --lsh-bands [--incidents 20000] --schemes "x:4:12,yi:3:8,wyix:3:24;w:2:8,yi:3:8"
    LinkageBench.LshBands(Arg("--incidents", 20_000), 2026, Args("--schemes") ?? "x:4:12,yi:3:8,wyix:3:24");
    return 0;
}

if (args.Contains("--linkage-review"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --linkage-review [--groups 4000] [--results 12] [--repeats 5] [--out docs/linkage-benchmarks.md]
    Report.Section(Args("--out") ?? "docs/linkage-benchmarks.md", "## Reviewing duplicates after re-linkage", ReviewBench.Run(Arg("--groups", 4_000), Arg("--results", 12), Arg("--repeats", 5)), before: "## Linkage run");
    return 0;
}

if (args.Contains("--linkage-ceiling"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --linkage-ceiling [--sizes 800,20000,100000] [--out docs/linkage-benchmarks.md]
    Report.Section(Args("--out") ?? "docs/linkage-benchmarks.md", "## The most any scorer could do", LinkageBench.Ceiling(Sizes(), 2026), before: "## Estimates from linked lists");
    return 0;
}

if (args.Contains("--linkage-coverage"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --linkage-coverage [--incidents 20000] [--coalitions 10] [--samples 100] [--seed 3000] [--blocking] [--out docs/linkage-benchmarks.md]
    // With --blocking, linked with LSH blocking, in a section of its own after the one without.
    var blocking = args.Contains("--blocking");
    var section = LinkageBench.Coverage(Arg("--incidents", 20_000), Arg("--coalitions", 10), Arg("--samples", 100), Arg("--seed", 3_000), blocking);
    Report.Section(Args("--out") ?? "docs/linkage-benchmarks.md", blocking ? "## Estimates from linked lists against the truth, with LSH blocking" : "## Estimates from linked lists against the truth, run", section, before: "## Linkage run");
    return 0;
}

if (args.Contains("--linkage-quality"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --linkage-quality [--age-bands] [--victims [--first-victim]] [--name-order] [--sizes 800,20000,100000] [--out docs/linkage-benchmarks.md]
    LinkageBench.AgeBands = args.Contains("--age-bands");
    LinkageBench.MultiVictims = args.Contains("--victims");
    LinkageBench.NameOrder = args.Contains("--name-order");
    LinkageBench.FirstVictimOnly = args.Contains("--first-victim");
    Report.Section(Args("--out") ?? "docs/linkage-benchmarks.md", LinkageBench.Heading, LinkageBench.Quality(Sizes(), 2026),
        before: LinkageBench.Heading == LinkageBench.QualityHeading ? null : "## The most any scorer could do");
    return 0;
}

if (args.Contains("--linkage"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --linkage [--incidents 3000] [--scale 100000] [--out docs/linkage-benchmarks.md]
    var linkageOut = Args("--out") ?? "docs/linkage-benchmarks.md";
    LinkageBench.ScaleSize = Arg("--scale", 100_000);
    var report = LinkageBench.Run(Arg("--incidents", 3_000), 2025);
    File.WriteAllText(linkageOut, "# Linkage benchmarks\n\nProduced by `dotnet run -c Release --project bench/Dalel.Bench -- --linkage` (options: `--incidents N --scale N --out FILE`). See [linkage.md](linkage.md) for the method.\n\n" + report);
    Console.WriteLine($"written to {linkageOut}");
    return 0;
}

if (args.Contains("--images"))
{
    // dotnet run -c Release --project bench/Dalel.Bench -- --images [--out docs/image-benchmarks.md]
    var imagesOut = Args("--out") ?? "docs/image-benchmarks.md";
    File.WriteAllText(imagesOut, "# Image benchmarks\n\nProduced by `dotnet run -c Release --project bench/Dalel.Bench -- --images` (option: `--out FILE`).\n\n" + ImageBench.Run());
    Console.WriteLine($"written to {imagesOut}");
    return 0;
}

var cases = Arg("--cases", 1_000_000);
var runs = Arg("--runs", 30);
var output = Args("--out") ?? "docs/benchmarks.md";
// --data DIR keeps the generated cases for the next run (generating a million takes minutes); without it they go.
var kept = Args("--data");
var directory = kept ?? Path.Combine(Path.GetTempPath(), "dalel-bench-" + Guid.NewGuid().ToString("N"));
const string passphrase = UnsealBench.Passphrase;
Console.WriteLine($"Dalel benchmark: {cases:N0} cases, {runs} runs, data in {directory}");

var options = new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast };
var generate = Stopwatch.StartNew();
var org = UnsealBench.Prepare(directory, cases);
generate.Stop();
SqliteConnection.ClearAllPools();

// Unseal: Argon2id with the production cost, then decrypt and load every case.
GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, true, true);
var before = GC.GetTotalMemory(true);
using var node = DalelInstance.Open(options, TimeProvider.System);
var unseal = Stopwatch.StartNew();
new UnsealVault(node).Run(passphrase, "bench");
unseal.Stop();
var after = GC.GetTotalMemory(true);
var bytesPerCase = (after - before) / (double)cases;
Console.WriteLine($"unseal {unseal.Elapsed.TotalSeconds:F1} s, {bytesPerCase:F0} B/case");

// The same filtered cross-tab: Dalel's in-memory engine, and a plaintext SQLite GROUP BY over the same data.
var query = new StatisticsQuery { Rows = "region", Columns = "perpetrator", Filters = new Dictionary<string, string> { ["year"] = "2024", ["violation"] = "police_violence" } };
var statistics = new ComputeStatistics(node);
var reader = OrgScope.Cli(org);
var table = statistics.Run(reader, new StatisticsScope.Organisation(org), query).Value;
using var sqlite = Baseline.Open(Path.Combine(directory, "baseline-plaintext.db"));
var agree = sqlite.CrossTab().All(row => table.RowValues.ToList().IndexOf(row.Region) is var r and >= 0
    && table.ColumnValues.ToList().IndexOf(row.Perpetrator) is var c and >= 0 && table.Cells[r][c].Count == row.Count);
var dalelTimes = Time(runs, () => statistics.Run(reader, new StatisticsScope.Organisation(org), query));
var sqliteTimes = Time(runs, () => sqlite.CrossTab());
Console.WriteLine($"cross-tab p50 {Report.P(dalelTimes, 50):F1} ms (SQLite {Report.P(sqliteTimes, 50):F1} ms), same counts: {agree}");

// De-identified export of every case: throughput and how much the managed heap grows meanwhile.
var peak = GC.GetTotalMemory(true);
var baseHeap = peak;
using var sampling = new CancellationTokenSource();
var sampler = Task.Run(async () =>
{
    while (!sampling.IsCancellationRequested)
    {
        peak = Math.Max(peak, GC.GetTotalMemory(false));
        await Task.Delay(5);
    }
});
var export = Stopwatch.StartNew();
using (var sink = new StreamWriter(Stream.Null))
{
    new ExportDeidentified(node).Run(reader, new StatisticsScope.Organisation(org), sink);
}

export.Stop();
await sampling.CancelAsync();
await sampler;
var rowsPerSecond = cases / export.Elapsed.TotalSeconds;
var growthMb = (peak - baseHeap) / 1048576.0;
Console.WriteLine($"export {rowsPerSecond:N0} rows/s, heap growth {growthMb:F1} MB");

Report.Write(output, cases, runs, generate.Elapsed, unseal.Elapsed, bytesPerCase, dalelTimes, sqliteTimes, agree, rowsPerSecond, growthMb);
Console.WriteLine($"written to {output}");
node.Dispose();
SqliteConnection.ClearAllPools();
if (kept is null)
{
    Directory.Delete(directory, recursive: true);
}

return 0;

int Arg(string name, int fallback) => Args(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
string? Args(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
List<int> Sizes() => [.. (Args("--sizes") ?? "800,20000,100000").Split(',').Select(r => int.Parse(r, CultureInfo.InvariantCulture))];

static List<double> Time(int runs, Action action)
{
    action();
    var times = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var watch = Stopwatch.StartNew();
        action();
        times.Add(watch.Elapsed.TotalMilliseconds);
    }

    return times;
}

internal static partial class Report
{
    public static double P(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[(int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1];
    }
}
