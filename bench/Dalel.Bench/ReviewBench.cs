using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core;
using Dalel.Core.Linkage;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;

namespace Dalel.Bench;

/// <summary>
/// What the Duplicates page and the estimate pay for decisions carried across re-linkages: two organisations, a linkage
/// imported <c>results</c> times over the same cases (new pseudonyms each run, as `dalel linkage encode` gives), the
/// first result decided by A in full and by B in half — so every later review walks back to it. Timed on the data as
/// written today (decisions keep their group's fingerprint, import times are kept apart), then on the same data made
/// as before 2026-12-01 (neither; the earlier results are read whole to find the groups): the baseline of the same run.
/// </summary>
internal static class ReviewBench
{
    public static string Run(int groups, int results, int repeats)
    {
        var directory = Path.Combine(Path.GetTempPath(), $"dalel-bench-review-{Guid.NewGuid():N}");
        var clock = new Clock();
        try
        {
            using var instance = DalelInstance.Open(new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast }, clock);
            var a = new InitialiseVault(instance).Run("benchmark passphrase", "A", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value.OrganisationId;
            var b = new CreateOrganisation(instance).Run("B", Dalel.Core.Audit.Actors.Cli).Value;
            var (ownerA, ownerB) = (OrgScope.Cli(a), OrgScope.Cli(b));
            var casesA = Enumerable.Range(0, groups).Select(_ => Guid.NewGuid()).ToArray();
            var casesB = Enumerable.Range(0, groups).Select(_ => Guid.NewGuid()).ToArray();
            var random = new Random(2026);
            var ids = new List<Guid>();
            long bytes = 0;
            for (var r = 0; r < results; r++)
            {
                clock.Now = clock.Now.AddDays(30);
                var (runA, runB) = (Run(instance, ownerA, casesA, clock), Run(instance, ownerB, casesB, clock));
                // Every group again, in another order; pairs as a real result holds them (each record's likely partners).
                var order = Enumerable.Range(0, groups).OrderBy(_ => random.Next()).ToArray();
                var result = new LinkageResult
                {
                    Threshold = 0.4,
                    Lists = [new LinkedList(a, runA.Id, groups), new LinkedList(b, runB.Id, groups)],
                    Clusters = [.. order.Select(g => new Cluster([new ClusterMember(a, runA.Pseudonyms[g]), new ClusterMember(b, runB.Pseudonyms[g])], 0.9))],
                    Pairs = [.. order.SelectMany(g => Enumerable.Range(0, 4).Select(k => new LinkedPair(new ClusterMember(a, runA.Pseudonyms[g]), new ClusterMember(b, runB.Pseudonyms[k == 0 ? g : random.Next(groups)]), k == 0 ? 0.9 : random.NextDouble() * 0.4)))],
                };
                var json = result.ToJson();
                bytes = Encoding.UTF8.GetByteCount(json);
                ids.Add(new ImportLinkageResult(instance).Run(ownerA, json).Value);
            }

            foreach (var (owner, share) in new[] { (ownerA, 1.0), (ownerB, 0.5) })
            {
                var first = LinkageStore.Result(instance.Enter(owner, Capability.ReviewDuplicates).Value, ids[0])!.Value;
                // Decided on the first result, directly (the page decides on the latest only).
                var open = instance.Enter(owner, Capability.ReviewDuplicates).Value;
                var maps = new RunMaps(open);
                var decisions = Enumerable.Range(0, (int)(first.Clusters.Count * share)).ToDictionary(g => g, _ => true);
                var cases = decisions.Keys.ToDictionary(g => g, g => CarriedDecisions.Fingerprint(maps, first, g)!);
                instance.Database.Write((c, t) => SealedDocuments.Save(c, t, open.DataKey, LinkageStore.DecisionKind, owner.OrganisationId,
                    LinkageStore.DecisionId(owner.OrganisationId, ids[0]), new DuplicateDecisions(decisions, cases), 0));
            }

            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"## Reviewing duplicates after re-linkage, run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}, SQLite. `--linkage-review --groups {groups} --results {results}`: two organisations, {groups:N0} shared incidents linked {results} times (each result {bytes / 1e6:F1} MB of JSON, {groups * 4:N0} pairs), the first result decided by A in full and by B in half, so every later review carries decisions from it. Milliseconds per request, median of {repeats}.");
            text.AppendLine();
            text.AppendLine("| Data | A's Duplicates list (`ListPossibleDuplicates`) | Tables for the estimate (every organisation's decisions) | A decision |");
            text.AppendLine("|---|---|---|---|");
            var now = Measure(instance, ownerA, ids[^1], repeats);
            text.AppendLine(CultureInfo.InvariantCulture, $"| As written since 2026-12-01 (fingerprints with decisions, import times apart) | {now.List:F0} | {now.Tables:F0} | {now.Decide:F0} |");
            Console.WriteLine($"now: list {now.List:F0} ms, tables {now.Tables:F0} ms, decide {now.Decide:F0} ms");

            // The same data as written before: decisions without fingerprints, import times only inside the results.
            instance.Database.Write((c, t) =>
            {
                foreach (var owner in new[] { ownerA, ownerB })
                {
                    var open = instance.Enter(owner, Capability.ReviewDuplicates).Value;
                    foreach (var d in SealedDocuments.List<DuplicateDecisions>(c, t, open.DataKey, LinkageStore.DecisionKind, owner.OrganisationId))
                    {
                        SealedDocuments.Save(c, t, open.DataKey, LinkageStore.DecisionKind, owner.OrganisationId, d.Id, d.Value with { Cases = null }, d.Version);
                    }
                }

                foreach (var id in ids)
                {
                    SealedDocuments.Delete(c, t, LinkageStore.ImportedKind, SealedDocuments.Shared, id);
                }

                return 0;
            });
            var before = Measure(instance, ownerA, ids[^1], repeats);
            text.AppendLine(CultureInfo.InvariantCulture, $"| The same data as written before (earlier results read whole) | {before.List:F0} | {before.Tables:F0} | {before.Decide:F0} |");
            Console.WriteLine($"before: list {before.List:F0} ms, tables {before.Tables:F0} ms, decide {before.Decide:F0} ms");
            return text.ToString();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static (Guid Id, Guid[] Pseudonyms) Run(DalelInstance instance, OrgScope owner, Guid[] cases, TimeProvider clock)
    {
        var open = instance.Enter(owner, Capability.ReviewDuplicates).Value;
        var (run, pseudonyms) = (Guid.NewGuid(), cases.Select(_ => Guid.NewGuid()).ToArray());
        var map = Enumerable.Range(0, cases.Length).ToDictionary(i => pseudonyms[i], i => cases[i]);
        instance.Database.Write((c, t) => SealedDocuments.Save(c, t, open.DataKey, LinkageStore.RunKind, owner.OrganisationId, run, new LinkageRun(run, map, clock.GetUtcNow()), 0));
        return (run, pseudonyms);
    }

    private static (double List, double Tables, double Decide) Measure(DalelInstance instance, OrgScope owner, Guid latest, int repeats)
    {
        double Median(Action work)
        {
            work();
            var times = Enumerable.Range(0, repeats).Select(_ => { var s = Stopwatch.StartNew(); work(); return s.Elapsed.TotalMilliseconds; }).Order().ToList();
            return times[times.Count / 2];
        }

        var list = new ListPossibleDuplicates(instance);
        var groupOfA = list.Run(owner).Value[0].Group;
        return (
            Median(() => list.Run(owner)),
            Median(() => new OverlapsFromLinkage(instance).Run(owner)),
            Median(() => new DecideDuplicate(instance).Run(owner, latest, groupOfA, confirmed: true)));
    }

    /// <summary>Results imported a month apart.</summary>
    private sealed class Clock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
