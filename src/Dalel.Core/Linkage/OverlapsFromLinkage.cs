using Dalel.Core.Estimation;
using Dalel.Core.Members;

namespace Dalel.Core.Linkage;

/// <summary>The overlap tables of a linkage result for multiple systems estimation (see <see cref="LinkedTables"/>).</summary>
public sealed class OverlapsFromLinkage(DalelInstance instance)
{
    /// <summary>
    /// One result (the latest imported unless asked), opened once: every table and figure then taken from it comes
    /// from that same result — an import in between cannot mix two — and it is decrypted and read once.
    /// </summary>
    public Result<LinkedTables> Open(OrgScope scope, Guid? resultId = null)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return LinkageStore.Result(opened.Value, resultId) is { } result ? new LinkedTables(instance, opened.Value, result) : new NotFound();
    }

    public Result<ListOverlaps> Run(OrgScope scope, Guid? resultId = null) =>
        Open(scope, resultId) is var linked && linked.IsOk ? linked.Value.All() : linked.Error!;

    /// <inheritdoc cref="LinkedTables.ByYear(int)"/>
    public Result<(IReadOnlyList<ListOverlaps> Years, int Merged)> ByYear(OrgScope scope, int threshold, Guid? resultId = null) =>
        Open(scope, resultId) is var linked && linked.IsOk ? linked.Value.ByYear(threshold) : linked.Error!;

    public Result<IReadOnlyList<ListOverlaps>> ByYear(OrgScope scope, Guid? resultId = null) =>
        Open(scope, resultId) is var linked && linked.IsOk ? linked.Value.ByYear() : linked.Error!;

    /// <inheritdoc cref="LinkedTables.Drawn"/>
    public Result<IReadOnlyList<ListOverlaps>> Drawn(OrgScope scope, int samples = SampleLinkages.DefaultSamples, Guid? resultId = null) =>
        Open(scope, resultId) is var linked && linked.IsOk ? Result(linked.Value.Drawn(samples)) : linked.Error!;

    private static Result<IReadOnlyList<ListOverlaps>> Result(IReadOnlyList<ListOverlaps> tables) => new(tables);
}
