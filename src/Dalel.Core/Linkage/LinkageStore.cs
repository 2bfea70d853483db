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

/// <summary>"Possible duplicate of a case held by organisation X (similarity s)", for one of the organisation's own cases.</summary>
/// <param name="CarriedFrom">The earlier result whose identical group the decision was made on; null if made on this one, or none.</param>
public sealed record PossibleDuplicate(Guid Result, int Group, Guid Case, IReadOnlyList<string> OtherOrganisations, double Similarity, bool? Confirmed, Guid? CarriedFrom = null);

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

    /// <summary>
    /// One result: the one asked for, or the latest imported. Only the chosen one is read whole — a result holds every
    /// likely pair, megabytes at scale — the others only for when they were imported.
    /// </summary>
    public static Versioned<LinkageResult>? Result(Door.Unsealed open, Guid? id)
    {
        id ??= open.Read(c => SealedDocuments.List<ImportedWhen>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared))
            .OrderBy(r => r.Value.ImportedAt).ThenBy(r => r.Id).LastOrDefault()?.Id;
        return id is { } chosen ? open.Read(c => SealedDocuments.Find<LinkageResult>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared, chosen)) : null;
    }

    /// <summary>The results imported before <paramref name="result"/>, latest first, each read whole only when the caller gets to it.</summary>
    public static IEnumerable<Versioned<LinkageResult>> Earlier(Door.Unsealed open, Versioned<LinkageResult> result)
    {
        var ids = open.Read(c => SealedDocuments.List<ImportedWhen>(c, null, open.DirectoryKey, ResultKind, SealedDocuments.Shared))
            .Where(r => r.Id != result.Id && r.Value.ImportedAt < result.Value.ImportedAt)
            .OrderByDescending(r => r.Value.ImportedAt).Select(r => r.Id).ToList();
        foreach (var id in ids)
        {
            if (Result(open, id) is { } earlier)
            {
                yield return earlier;
            }
        }
    }

    /// <summary>A result read for its import time only (the JSON reader skips the rest).</summary>
    private sealed record ImportedWhen(DateTimeOffset? ImportedAt);

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
