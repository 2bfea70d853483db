using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Estimation;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Linkage;

/// <summary>The organisation's own map from a run's pseudonyms back to its cases, sealed with its data key.</summary>
internal sealed record LinkageRun(Guid Run, IReadOnlyDictionary<Guid, Guid> CaseByPseudonym, DateTimeOffset At);

/// <summary>
/// An organisation's decisions on the groups of one linkage result, by group number, with each decided group's
/// fingerprint (see <see cref="CarriedDecisions"/>) so a later result's identical group is found without reading this
/// result again; decisions made before 2026-12-01 have none.
/// </summary>
internal sealed record DuplicateDecisions(IReadOnlyDictionary<int, bool> Confirmed, IReadOnlyDictionary<int, string>? Cases = null);

/// <summary>"Possible duplicate of a case held by organisation X (similarity s)", for one of the organisation's own cases.</summary>
/// <param name="CarriedFrom">The earlier result whose identical group the decision was made on; null if made on this one, or none.</param>
public sealed record PossibleDuplicate(Guid Result, int Group, Guid Case, IReadOnlyList<string> OtherOrganisations, double Similarity, bool? Confirmed, Guid? CarriedFrom = null);

/// <summary>Run maps opened once per request: an organisation keeps one per encoding, and each holds every case.</summary>
internal sealed class RunMaps(Door.Unsealed open)
{
    private readonly Dictionary<(Guid Org, Guid Run), LinkageRun?> _opened = [];

    public IReadOnlyDictionary<Guid, Guid>? CasesOf(Guid org, Guid run) =>
        (_opened.TryGetValue((org, run), out var found) ? found : _opened[(org, run)] = LinkageStore.Run(open, org, run))?.CaseByPseudonym;
}

internal static class LinkageStore
{
    public const string RunKind = "linkage_run";
    public const string ResultKind = "linkage_result";
    public const string DecisionKind = "linkage_decisions";

    /// <summary>A result's import time on its own, so finding the latest does not open results of megabytes (since 2026-12-01).</summary>
    public const string ImportedKind = "linkage_result_imported";

    /// <summary>The organisation's map of one run, or null (a run of another instance, or no longer kept); only that run is opened.</summary>
    public static LinkageRun? Run(Door.Unsealed open, Guid org, Guid run) =>
        open.Read(c => SealedDocuments.Find<LinkageRun>(c, null, open.DataKeyOf(org), RunKind, org, run))?.Value;

    /// <summary>
    /// One result: the one asked for, or the latest imported. Only the chosen one is read whole — a result holds every
    /// likely pair, megabytes at scale — the others only for when they were imported.
    /// </summary>
    public static Versioned<LinkageResult>? Result(Door.Unsealed open, Guid? id)
    {
        id ??= ImportTimes(open).OrderBy(r => r.At).ThenBy(r => r.Id).Select(r => (Guid?)r.Id).LastOrDefault();
        return id is { } chosen ? open.Read(c => SealedDocuments.Find<LinkageResult>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared, chosen)) : null;
    }

    /// <summary>The results imported before <paramref name="result"/>, latest first, read for their import time only.</summary>
    public static IEnumerable<Guid> EarlierIds(Door.Unsealed open, Versioned<LinkageResult> result) =>
        ImportTimes(open).Where(r => r.Id != result.Id && r.At < result.Value.ImportedAt)
            .OrderByDescending(r => r.At).Select(r => r.Id).ToList();

    /// <summary>
    /// Each result's import time: from its small record, or — for a result imported before those were kept — from
    /// the result itself, skimmed (the JSON reader skips the rest, but the whole body is still opened).
    /// </summary>
    private static List<(Guid Id, DateTimeOffset? At)> ImportTimes(Door.Unsealed open) => open.Read(c =>
    {
        var kept = SealedDocuments.List<ImportedWhen>(c, null, open.DirectoryKey, ImportedKind, SealedDocuments.Shared).ToDictionary(r => r.Id, r => r.Value.ImportedAt);
        return SealedDocuments.Ids(c, null, ResultKind, SealedDocuments.Shared)
            .Select(id => (id, kept.TryGetValue(id, out var at) ? at : SealedDocuments.Find<ImportedWhen>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared, id)?.Value.ImportedAt))
            .ToList();
    });

    /// <summary>A result's import time, kept on its own; read from a result itself, the JSON reader skips the rest.</summary>
    public sealed record ImportedWhen(DateTimeOffset? ImportedAt);

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
