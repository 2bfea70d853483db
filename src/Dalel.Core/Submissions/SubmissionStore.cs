using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

/// <summary>Submissions are sealed with their organisation's data key: a draft can hold case stories not yet cleared.</summary>
internal static class SubmissionStore
{
    public const string Kind = "submission";

    public static Versioned<Submission>? Find(Door.Unsealed open, Guid id) =>
        open.Read(c => SealedDocuments.Find<Submission>(c, null, open.DataKey, Kind, open.Organisation, id));

    public static List<Versioned<Submission>> All(Door.Unsealed open) =>
        open.Read(c => SealedDocuments.List<Submission>(c, null, open.DataKey, Kind, open.Organisation));
}
