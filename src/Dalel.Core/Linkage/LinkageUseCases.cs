using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>The organisation's own map from a run's pseudonyms back to its cases, sealed with its data key.</summary>
internal sealed record LinkageRun(Guid Run, IReadOnlyDictionary<Guid, Guid> CaseByPseudonym, DateTimeOffset At);

/// <summary>An organisation's decisions on the groups of one linkage result, by group number.</summary>
internal sealed record DuplicateDecisions(IReadOnlyDictionary<int, bool> Confirmed);

/// <summary>
/// Encodes every case of the organisation for a linkage run, with the coalition secret (which the organisation holds
/// and the linkage party must not). The file holds no plaintext and no case id.
/// </summary>
public sealed class EncodeForLinkage(DalelInstance instance)
{
    public const int MinimumSecretBytes = 32;

    public Result<EncodingFile> Run(OrgScope scope, byte[] secret, bool harden = true)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        if (secret.Length < MinimumSecretBytes)
        {
            return Invalid.One("secret", "error.linkage_secret", MinimumSecretBytes.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var clk = new Clk(secret);
        var run = Guid.NewGuid();
        var map = new Dictionary<Guid, Guid>();
        var records = new List<EncodedRecord>();
        var real = new List<QuasiIdentifiers>();
        foreach (var stored in opened.Value.Cases)
        {
            var q = QuasiIdentifiers.Of(stored.Record, stored.Identities);
            var pseudonym = Guid.NewGuid();
            map[pseudonym] = stored.Record.Id;
            real.Add(q);
            records.Add(new EncodedRecord(pseudonym, q.Year, MatchEncodings.Encode(clk.Encode(q, harden))));
        }

        // Decoys: a quarter as many records again, each field from a different real record. They link to nothing,
        // map back to no case, and put nodes in the similarity graph that an attacker's plaintext cannot explain.
        foreach (var decoy in Decoys.From(real, harden ? real.Count / 4 : 0))
        {
            records.Add(new EncodedRecord(Guid.NewGuid(), decoy.Year, MatchEncodings.Encode(clk.Encode(decoy, harden))));
        }

        // Shuffled, so the file's order says nothing about the cases' order in the database.
        var shuffled = records.OrderBy(r => r.Pseudonym).ToList();
        var open = opened.Value;
        open.Change(AuditAction.LinkageEncoded, run.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DataKey, LinkageStore.RunKind, scope.OrganisationId, run, new LinkageRun(run, map, open.Now), 0));
        return new EncodingFile { List = scope.OrganisationId, Run = run, Records = shuffled };
    }
}

/// <summary>Stores a linkage result on the instance, where each member organisation finds its part.</summary>
public sealed class ImportLinkageResult(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, string json)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var read = LinkageJson.Read<LinkageResult>(json, LinkageResult.FormatName, "result");
        if (!read.IsOk)
        {
            return read.Error!;
        }

        var id = Guid.NewGuid();
        open.Change(AuditAction.LinkageImported, id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DirectoryKey, LinkageStore.ResultKind, SealedDocuments.Shared, id, read.Value with { ImportedAt = open.Now }, 0));
        return id;
    }
}

/// <summary>"Possible duplicate of a case held by organisation X (similarity s)", for one of the organisation's own cases.</summary>
public sealed record PossibleDuplicate(Guid Result, int Group, Guid Case, IReadOnlyList<string> OtherOrganisations, double Similarity, bool? Confirmed);

/// <summary>The organisation's cases that a linkage result grouped with other organisations' records — nothing about those records but their organisation.</summary>
public sealed class ListPossibleDuplicates(DalelInstance instance)
{
    public Result<IReadOnlyList<PossibleDuplicate>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var names = new ListOrganisations(instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        var runs = LinkageStore.Runs(open, scope.OrganisationId);
        var found = new List<PossibleDuplicate>();
        foreach (var result in LinkageStore.Results(open))
        {
            var decisions = LinkageStore.Decisions(open, scope.OrganisationId, result.Id);
            var run = result.Value.Lists.Where(l => l.List == scope.OrganisationId).Select(l => runs.GetValueOrDefault(l.Run)).FirstOrDefault(r => r is not null);
            if (run is null)
            {
                continue;
            }

            for (var g = 0; g < result.Value.Clusters.Count; g++)
            {
                var cluster = result.Value.Clusters[g];
                if (cluster.Members.FirstOrDefault(m => m.List == scope.OrganisationId) is { } mine && run.CaseByPseudonym.TryGetValue(mine.Pseudonym, out var caseId))
                {
                    found.Add(new PossibleDuplicate(result.Id, g, caseId,
                        cluster.Members.Where(m => m.List != scope.OrganisationId).Select(m => names.GetValueOrDefault(m.List, "?")).ToList(),
                        cluster.Similarity, decisions.Confirmed.TryGetValue(g, out var d) ? d : null));
                }
            }
        }

        return found.OrderByDescending(d => d.Similarity).ToList();
    }
}

/// <summary>The owner confirms or rejects that their case and the other organisations' records in a group are one incident.</summary>
public sealed class DecideDuplicate(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid result, int group, bool confirmed)
    {
        var listed = new ListPossibleDuplicates(instance).Run(scope);
        if (!listed.IsOk)
        {
            return listed.Error!;
        }

        if (!listed.Value.Any(d => d.Result == result && d.Group == group))
        {
            return new NotFound();
        }

        var opened = instance.Enter(scope, Capability.ReviewDuplicates);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        open.Change(AuditAction.DuplicateDecided, $"{result:D}/{group}", (c, t) =>
        {
            var key = open.DataKey;
            var id = LinkageStore.DecisionId(scope.OrganisationId, result);
            var current = SealedDocuments.Find<DuplicateDecisions>(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id);
            var decisions = new Dictionary<int, bool>(current?.Value.Confirmed ?? new Dictionary<int, bool>()) { [group] = confirmed };
            if (!SealedDocuments.Save(c, t, key, LinkageStore.DecisionKind, scope.OrganisationId, id, new DuplicateDecisions(decisions), current?.Version ?? 0))
            {
                throw new InvalidOperationException("A linkage decision could not be written inside its own transaction.");
            }

            return true;
        });
        return Done.Value;
    }
}

/// <summary>
/// The overlap table of a linkage result for multiple systems estimation: a group counts as one incident on several
/// lists only when every organisation in it confirmed it; otherwise its records count separately. Only counts leave.
/// </summary>
public sealed class OverlapsFromLinkage(DalelInstance instance)
{
    public Result<ListOverlaps> Run(OrgScope scope, Guid? resultId = null)
    {
        var incidents = Incidents(scope, resultId);
        return incidents.IsOk ? Table(incidents.Value.Lists, incidents.Value.Patterns.Select(p => p.Pattern), null) : incidents.Error!;
    }

    /// <summary>One table per incident year (the year of the first organisation's case in a group), for stratified estimates.</summary>
    /// <summary>
    /// One overlap table per incident year. These count several organisations' incidents together, so a year with
    /// fewer than <paramref name="threshold"/> documented incidents is withheld, as small cells are in statistics.
    /// </summary>
    public Result<(IReadOnlyList<ListOverlaps> Years, int Withheld)> ByYear(OrgScope scope, int threshold, Guid? resultId = null)
    {
        var years = ByYear(scope, resultId);
        if (!years.IsOk)
        {
            return years.Error!;
        }

        var shown = years.Value.Where(y => y.Observed >= threshold).ToList();
        return (shown, years.Value.Count - shown.Count);
    }

    public Result<IReadOnlyList<ListOverlaps>> ByYear(OrgScope scope, Guid? resultId = null)
    {
        var incidents = Incidents(scope, resultId);
        if (!incidents.IsOk)
        {
            return incidents.Error!;
        }

        return incidents.Value.Patterns.GroupBy(p => p.Year).OrderBy(g => g.Key)
            .Select(g => Table(incidents.Value.Lists, g.Select(p => p.Pattern), g.Key.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();
    }

    private static ListOverlaps Table(IReadOnlyList<string> lists, IEnumerable<int> patterns, string? stratum)
    {
        var counts = new long[1 << lists.Count];
        foreach (var pattern in patterns)
        {
            counts[pattern]++;
        }

        return new ListOverlaps(lists, counts, stratum);
    }

    /// <summary>Every documented incident of the result: the lists it is on, and its year.</summary>
    private Result<(IReadOnlyList<string> Lists, List<(int Pattern, int Year)> Patterns)> Incidents(OrgScope scope, Guid? resultId)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var results = LinkageStore.Results(open);
        var result = resultId is { } id ? results.FirstOrDefault(r => r.Id == id) : results.LastOrDefault();
        if (result is null)
        {
            return new NotFound();
        }

        var names = new ListOrganisations(instance).Run().Value.ToDictionary(o => o.Id, o => o.Name);
        var lists = result.Value.Lists;
        // Each list's real records: the organisation's own map of the run (decoys are in the file but not in the map).
        var maps = lists.Select(l => LinkageStore.Runs(open, l.List).GetValueOrDefault(l.Run)?.CaseByPseudonym).ToList();
        if (maps.Any(m => m is null))
        {
            return new NotFound();
        }

        int Year(int list, Guid pseudonym) =>
            open.SharedCase(lists[list].List, maps[list]![pseudonym])?.Record.Date.Year ?? 0;

        var listIndex = lists.Select((l, i) => (l.List, i)).ToDictionary(x => x.List, x => x.i);
        var grouped = new HashSet<(int, Guid)>();
        var patterns = new List<(int Pattern, int Year)>();
        var decisions = lists.Select(l => l.List).Distinct().ToDictionary(org => org, org => LinkageStore.Decisions(open, org, result.Id));
        for (var g = 0; g < result.Value.Clusters.Count; g++)
        {
            var members = result.Value.Clusters[g].Members.Where(m => maps[listIndex[m.List]]!.ContainsKey(m.Pseudonym)).ToList();
            if (members.Count < 2 || !members.All(m => decisions[m.List].Confirmed.TryGetValue(g, out var yes) && yes))
            {
                continue;
            }

            patterns.Add((members.Aggregate(0, (p, m) => p | (1 << listIndex[m.List])), Year(listIndex[members[0].List], members[0].Pseudonym)));
            grouped.UnionWith(members.Select(m => (listIndex[m.List], m.Pseudonym)));
        }

        for (var i = 0; i < lists.Count; i++)
        {
            foreach (var pseudonym in maps[i]!.Keys.Where(p => !grouped.Contains((i, p))))
            {
                patterns.Add((1 << i, Year(i, pseudonym)));
            }
        }

        return (lists.Select(l => names.GetValueOrDefault(l.List, l.List.ToString("D")[..8])).ToList(), patterns);
    }
}

internal static class LinkageStore
{
    public const string RunKind = "linkage_run";
    public const string ResultKind = "linkage_result";
    public const string DecisionKind = "linkage_decisions";

    public static Dictionary<Guid, LinkageRun> Runs(Door.Unsealed open, Guid org)
    {
        var key = open.DataKeyOf(org);
        return open.Read(c => SealedDocuments.List<LinkageRun>(c, null, key, RunKind, org)).ToDictionary(r => r.Id, r => r.Value);
    }

    public static List<Versioned<LinkageResult>> Results(Door.Unsealed open) =>
        open.Read(c => SealedDocuments.List<LinkageResult>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared))
            .OrderBy(r => r.Value.ImportedAt).ThenBy(r => r.Id).ToList();

    public static DuplicateDecisions Decisions(Door.Unsealed open, Guid org, Guid result)
    {
        var key = open.DataKeyOf(org);
        return open.Read(c => SealedDocuments.Find<DuplicateDecisions>(c, null, key, DecisionKind, org, DecisionId(org, result)))?.Value
            ?? new DuplicateDecisions(new Dictionary<int, bool>());
    }

    /// <summary>Documents are keyed by kind and id across organisations, so each organisation's decisions on a result get their own id.</summary>
    public static Guid DecisionId(Guid org, Guid result) =>
        new(System.Security.Cryptography.SHA256.HashData([.. org.ToByteArray(), .. result.ToByteArray()]).AsSpan(0, 16));
}
