using System.Globalization;
using System.Text;

internal static partial class Report
{
    public static void Write(string path, int cases, int runs, TimeSpan generate, TimeSpan unseal, double bytesPerCase,
        List<double> dalel, List<double> sqlite, bool agree, double rowsPerSecond, double growthMb)
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown"
            : "unknown";
        string F(double v, string format = "F1") => v.ToString(format, CultureInfo.InvariantCulture);
        string Verdict(bool ok) => ok ? "meets" : "**misses**";
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Produced by `dotnet run -c Release --project bench/Dalel.Bench` (options: `--cases N --runs N --data DIR --out FILE`).");
        text.AppendLine("Figures depend on the machine; compare rows of one run, not runs of different days.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores ({cpu}), {F(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {cases:N0} synthetic cases (1–3 acts, 1–2 perpetrators and victims, skewed vocabularies) sealed into an SQLite data directory{(generate.TotalSeconds < 5 ? " (made by an earlier run and kept with `--data`)" : $" in {F(generate.TotalSeconds)} s")}, plus the same facts as plaintext SQLite tables for the baseline.");
        text.AppendLine();
        text.AppendLine("| Measure | Result | Target | |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Unseal (Argon2id 64 MiB/t=3 + decrypt + load all) | {F(unseal.TotalSeconds)} s | ≤ 5 s | {Verdict(unseal.TotalSeconds <= 5)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Managed memory per unsealed case | {F(bytesPerCase, "F0")} B | ≤ 700 B | {Verdict(bytesPerCase <= 700)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Cross-tab region × perpetrator, year = 2024 and violation = police violence: Dalel p50 / p95 ({runs} runs) | {F(P(dalel, 50))} / {F(P(dalel, 95))} ms | ≤ 3 ms p50 | {Verdict(P(dalel, 50) <= 3)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Same cross-tab, plaintext SQLite GROUP BY p50 / p95 | {F(P(sqlite, 50))} / {F(P(sqlite, 95))} ms | Dalel ≥ 20× faster: {F(P(sqlite, 50) / P(dalel, 50), "F0")}× | {Verdict(P(dalel, 50) * 20 <= P(sqlite, 50))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Both give the same counts | {(agree ? "yes" : "NO")} | yes | {Verdict(agree)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| De-identified export of all cases | {rowsPerSecond:N0} cases/s | ≥ 500,000 | {Verdict(rowsPerSecond >= 500_000)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Managed heap growth during that export | {F(growthMb)} MB | constant in N | |");
        text.AppendLine();
        text.AppendLine("How to read it:");
        text.AppendLine("- *Unseal* is what an owner waits for after typing the passphrase: Argon2id at production cost, then every case");
        text.AppendLine("  read from the data directory in batches (reading overlaps decryption), decrypted (AES-256-GCM) on all cores and");
        text.AppendLine("  kept in its compact binary form, read into a record when a page, a search or an export asks for it.");
        text.AppendLine("- *Memory per case* is the growth of the managed heap from sealed to unsealed, after a full collection, divided by N.");
        text.AppendLine("- *Cross-tab*: Dalel counts from its in-memory column index (per dimension, one 64-bit mask per case and one bitmap");
        text.AppendLine("  per value: filters are ANDs of bitmaps, then only the cases left are tallied); SQLite runs");
        text.AppendLine("  `COUNT(DISTINCT id) … GROUP BY region, type` over indexed plaintext tables of the same cases. The first query");
        text.AppendLine("  of each (which builds Dalel's columns, about a second at this size) is not timed.");
        text.AppendLine("- *Heap growth during export* samples the managed heap every 5 ms while all cases stream to a sink. It includes");
        text.AppendLine("  garbage not yet collected, so it reflects the collector's budget (server GC), not retained data; what matters");
        text.AppendLine("  is that it does not grow with N (compare a run with `--cases 200000`).");
        // The history of changes below the figures is kept by hand; a new run replaces only what is above it.
        if (File.Exists(path) && File.ReadAllText(path) is var previous && previous.IndexOf("\n## History", StringComparison.Ordinal) is var at and >= 0)
        {
            text.Append(previous[at..]);
        }

        File.WriteAllText(path, text.ToString());
    }
}
