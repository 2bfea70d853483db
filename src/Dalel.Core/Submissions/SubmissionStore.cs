using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Submissions;

/// <summary>Submissions are sealed with their organisation's data key: a draft can hold case stories not yet cleared.</summary>
internal static class SubmissionStore
{
    public const string Kind = "submission";

    public static Result<OpenVault> Open(DalelInstance instance, OrgScope scope, Capability capability)
    {
        var opened = Cases.OpenCases.For(instance, scope, capability);
        if (!opened.IsOk)
        {
            return opened;
        }

        var open = opened.Value;
        // An organisation with no cases yet has no key loaded by the catch-up.
        if (!open.Keys.HasOrg(scope.OrganisationId))
        {
            Organisations.OrganisationKeys.LoadAll(instance.Database, open.Keys);
        }

        return open;
    }

    public static Versioned<Submission>? Find(DalelInstance instance, KeyRing keys, Guid org, Guid id) =>
        instance.Database.Read(c => SealedDocuments.Find<Submission>(c, null, keys.DataKey(org), Kind, org, id));

    public static List<Versioned<Submission>> All(DalelInstance instance, KeyRing keys, Guid org) =>
        instance.Database.Read(c => SealedDocuments.List<Submission>(c, null, keys.DataKey(org), Kind, org));
}
