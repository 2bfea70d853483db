using Dalel.Core.Cases;

namespace Dalel.Core.Transfer;

/// <summary>One line of a case export: the complete case, its victims' identities and its files' content.</summary>
public sealed record CaseLine
{
    public const string CurrentFormat = "dalel.case/v1";

    public string Format { get; init; } = CurrentFormat;

    public required CaseRecord Case { get; init; }

    public IReadOnlyList<VictimIdentity> Identities { get; init; } = [];

    public IReadOnlyList<FileContent> Files { get; init; } = [];
}

public sealed record FileContent(Guid Id, string ContentBase64);
