using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Mechanisms;

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

    public static Result<KeyRing> Open(DalelInstance instance, OrgScope scope, Capability capability)
    {
        if (!scope.Can(capability))
        {
            return new Forbidden();
        }

        return instance.Vault.Open is { } open ? open.Keys : new VaultSealed();
    }

    public static List<Versioned<T>> All<T>(DalelInstance instance, KeyRing keys) =>
        instance.Database.Read(c => SealedDocuments.List<T>(c, null, keys.DirectoryKey, Kind<T>(), SealedDocuments.Shared));

    public static Versioned<T>? Find<T>(DalelInstance instance, KeyRing keys, Guid id) =>
        instance.Database.Read(c => SealedDocuments.Find<T>(c, null, keys.DirectoryKey, Kind<T>(), SealedDocuments.Shared, id));
}
