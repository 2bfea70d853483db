using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

namespace Dalel.Bench;

/// <summary>
/// Unseal alone, repeated on one kept data directory (generating a million cases takes minutes, so it is done once),
/// with the parts timed apart on the same rows: the Argon2id run, reading, decrypting, and decrypting with parsing into
/// records that are kept (as an unseal keeps them), each with its processor time and the collector's pauses.
/// </summary>
internal static class UnsealBench
{
    public const string Passphrase = "benchmark passphrase";

    /// <summary>A data directory of <paramref name="cases"/> synthetic cases (with the plaintext baseline), made if absent.</summary>
    public static Guid Prepare(string directory, int cases)
    {
        var marker = Path.Combine(directory, "bench-organisation.txt");
        if (File.Exists(marker) && File.ReadAllLines(marker) is [var id, var count] && int.Parse(count, CultureInfo.InvariantCulture) == cases)
        {
            return Guid.Parse(id);
        }

        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        var options = new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast };
        using var instance = DalelInstance.Open(options, TimeProvider.System);
        var org = new InitialiseVault(instance).Run(Passphrase, "Benchmark organisation", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Passphrase).Value.OrganisationId;
        var door = instance.Enter(OrgScope.Cli(org), Capability.WriteCases).Value;
        var synthetic = new SyntheticCases(seed: 2024);
        using (var baseline = Baseline.Create(Path.Combine(directory, "baseline-plaintext.db")))
        {
            const int batch = 20_000;
            for (var done = 0; done < cases; done += batch)
            {
                var records = Enumerable.Range(0, Math.Min(batch, cases - done)).Select(_ => synthetic.Next(org)).ToList();
                instance.Database.Write((c, t) =>
                {
                    foreach (var record in records)
                    {
                        CaseWrites.Insert(c, t, door, record, []);
                    }

                    return 0;
                });
                baseline.Add(records);
                Console.Write($"\rgenerated {done + records.Count:N0}");
            }

            Console.WriteLine();
            baseline.Index();
        }

        File.WriteAllLines(marker, [org.ToString(), cases.ToString(CultureInfo.InvariantCulture)]);
        SqliteConnection.ClearAllPools();
        return org;
    }

    public static string Run(string directory, int cases, int runs, bool parts)
    {
        var org = Prepare(directory, cases);
        var options = new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast };
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"{cases:N0} cases in {directory}, {runs} runs, {Environment.ProcessorCount} cores, GC server={System.Runtime.GCSettings.IsServerGC}");

        var argon = Stopwatch.StartNew();
        KdfParameters.Passphrase.Derive(Passphrase, new byte[16]);
        argon.Stop();
        report.AppendLine(CultureInfo.InvariantCulture, $"one Argon2id run (64 MiB, t=3, p=2): {argon.Elapsed.TotalSeconds:F2} s (unseal runs it twice: master key and duress check)");

        var totals = new List<double>();
        var perCase = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, true, true);
            var before = GC.GetTotalMemory(true);
            using var node = DalelInstance.Open(options, TimeProvider.System);
            var pausedBefore = GC.GetTotalPauseDuration();
            var collections = (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2));
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            new UnsealVault(node).Run(Passphrase, "bench");
            watch.Stop();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
            var paused = GC.GetTotalPauseDuration() - pausedBefore;
            var gcs = $"collections gen0/1/2 {GC.CollectionCount(0) - collections.Item1}/{GC.CollectionCount(1) - collections.Item2}/{GC.CollectionCount(2) - collections.Item3}";
            var after = GC.GetTotalMemory(true);
            totals.Add(watch.Elapsed.TotalSeconds);
            perCase.Add((after - before) / (double)cases);
            report.AppendLine(CultureInfo.InvariantCulture, $"unseal run {run + 1}: {watch.Elapsed.TotalSeconds:F2} s, {(after - before) / (double)cases:F0} B/case, processor time {cpu.TotalSeconds:F2} s, paused for GC {paused.TotalSeconds:F2} s, {gcs}");
            GC.KeepAlive(node);
        }

        // The parts, each alone on the same rows: reading, then reading + decrypting, then reading + decrypting + parsing.
        using (var node = parts ? DalelInstance.Open(options, TimeProvider.System) : null)
        if (node is not null)
        {
            new UnsealVault(node).Run(Passphrase, "bench");
            var keys = node.Vault.Keys!;
            var rows = new List<(Guid Id, byte[] Body, byte[] Ids)>(cases);
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: reading every row into a list (one thread): {Cpu(() => node.Database.Read(c =>
            {
                using var command = c.Command(null, "SELECT id, body, identities_sealed FROM cases ORDER BY seq");
                using var reader = command.ExecuteReader();
                while (reader.Read())
                {
                    rows.Add((Guid.Parse(reader.GetString(0)), (byte[])reader.GetValue(1), (byte[])reader.GetValue(2)));
                }

                return 0;
            }))}");
            var dk = keys.DataKey(org);
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: decrypting the bodies (all cores): {Cpu(() => Parallel.For(0, rows.Count, i => keys.Open(dk, rows[i].Body, CaseSealing.BodyAad(org, rows[i].Id))))}");
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: decrypting the identity lists, which unsealing no longer does (all cores): {Cpu(() => Parallel.For(0, rows.Count, i => CaseSealing.OpenIdentities(keys, org, rows[i].Id, rows[i].Ids)))}");
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: decrypting and parsing the bodies, records dropped (all cores): {Cpu(() => Parallel.For(0, rows.Count, i => CaseSealing.OpenBody(keys, org, rows[i].Id, rows[i].Body)))}");
            var bytes = new ReadOnlyMemory<byte>[rows.Count];
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: decrypting the bodies into kept bytes, as an unseal keeps them (all cores): {Cpu(() => Parallel.For(0, rows.Count, () => new CaseArena(bulk: true, _ => { }), (i, _, arena) => { bytes[i] = CaseSealing.OpenBody(keys, org, rows[i].Id, rows[i].Body, arena); return arena; }, _ => { }))}");
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: a case's binary form weighs {bytes.Average(b => b.Length):F0} bytes on average");
            GC.KeepAlive(bytes);
            var kept = new CaseRecord[rows.Count];
            report.AppendLine(CultureInfo.InvariantCulture, $"parts: decrypting and parsing the bodies, records kept, as unseals kept them before (all cores): {Cpu(() => Parallel.For(0, rows.Count, i => kept[i] = CaseSealing.OpenBody(keys, org, rows[i].Id, rows[i].Body)))}");
            rows.Clear();
            GC.KeepAlive(kept);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"unseal p50 {Report.P(totals, 50):F2} s, {Report.P(perCase, 50):F0} B/case");
        return report.ToString();
    }

    private static string Cpu(Action action)
    {
        var paused = GC.GetTotalPauseDuration();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        action();
        return $"{watch.Elapsed.TotalSeconds:F2} s wall, {(Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds:F2} s processor, GC paused {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F2} s";
    }
}
