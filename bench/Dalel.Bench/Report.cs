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
        text.AppendLine("Produced by `dotnet run -c Release --project bench/Dalel.Bench` (options: `--cases N --runs N --out FILE`).");
        text.AppendLine("Figures depend on the machine; compare rows of one run, not runs of different days.");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"## Run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores ({cpu}), {F(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0)} GiB, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Data: {cases:N0} synthetic cases (1–3 acts, 1–2 perpetrators and victims, skewed vocabularies) sealed into an SQLite data directory in {F(generate.TotalSeconds)} s, plus the same facts as plaintext SQLite tables for the baseline.");
        text.AppendLine();
        text.AppendLine("| Measure | Result | Target | |");
        text.AppendLine("|---|---|---|---|");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Unseal (Argon2id 64 MiB/t=3 + decrypt + load all) | {F(unseal.TotalSeconds)} s | ≤ 15 s | {Verdict(unseal.TotalSeconds <= 15)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Managed memory per unsealed case | {F(bytesPerCase, "F0")} B | ≤ 1,536 B | {Verdict(bytesPerCase <= 1536)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Cross-tab region × perpetrator, year = 2024 and violation = police violence: Dalel p50 / p95 ({runs} runs) | {F(P(dalel, 50))} / {F(P(dalel, 95))} ms | ≤ 50 ms p50 | {Verdict(P(dalel, 50) <= 50)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Same cross-tab, plaintext SQLite GROUP BY p50 / p95 | {F(P(sqlite, 50))} / {F(P(sqlite, 95))} ms | Dalel no slower | {Verdict(P(dalel, 50) <= P(sqlite, 50))} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Both give the same counts | {(agree ? "yes" : "NO")} | yes | {Verdict(agree)} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| De-identified export of all cases | {rowsPerSecond:N0} rows/s | | |");
        text.AppendLine(CultureInfo.InvariantCulture, $"| Managed heap growth during that export | {F(growthMb)} MB | constant in N | |");
        text.AppendLine();
        File.WriteAllText(path, text.ToString());
    }
}
