using Dalel.Core.Storage;

namespace Dalel.Core.Register;

/// <summary>
/// The register is shared by the whole instance (UN documents are public; assessments are the coalition's), sealed
/// with the directory key: which recommendations a coalition tracks, and how it judges them, is still its business.
/// </summary>
internal static class RegisterEntries
{
    public static string Kind<T>() => typeof(T) == typeof(UnDocument) ? "un_document"
        : typeof(T) == typeof(ListQuestion) ? "list_question"
        : typeof(T) == typeof(Recommendation) ? "recommendation"
        : throw new InvalidOperationException($"{typeof(T).Name} is not a register entry.");

    public static List<Versioned<T>> All<T>(Door.Unsealed open) =>
        open.Read(c => SealedDocuments.List<T>(c, null, open.DirectoryKey, Kind<T>(), SealedDocuments.Shared));

    public static Versioned<T>? Find<T>(Door.Unsealed open, Guid id) =>
        open.Read(c => SealedDocuments.Find<T>(c, null, open.DirectoryKey, Kind<T>(), SealedDocuments.Shared, id));
}
