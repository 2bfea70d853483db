using System.Text.Json;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Organisations;

/// <summary>Organisation names, which only an unsealed instance can read.</summary>
public sealed class ListOrganisations(DalelInstance instance)
{
    public Result<IReadOnlyList<Organisation>> Run()
    {
        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        var rows = instance.Database.Read(c => c.Query(null, "SELECT id, profile_sealed FROM organisations",
            r => (Id: r.GetGuid("id"), Profile: r.GetBytes("profile_sealed")!)));
        var list = rows.Select(r =>
            {
                var profile = JsonSerializer.Deserialize<OrganisationProfile>(Aead.Open(keys.DirectoryKey, r.Profile, OrganisationKeys.ProfileAad(r.Id)), Json.Files)!;
                return new Organisation(r.Id, profile.Name, profile.SharesWithCoalition) { Countries = profile.CountriesOrDefault };
            })
            .OrderBy(o => o.Name, StringComparer.CurrentCulture)
            .ToList();
        return list;
    }

    /// <summary>The States an organisation documents, its default first; Kazakhstan when it cannot be read (sealed).</summary>
    public IReadOnlyList<string> CountriesOf(Guid id) => Find(id)?.Countries ?? [OrganisationProfile.DefaultCountry];

    public Organisation? Find(Guid id) => Run() is { IsOk: true } r ? r.Value.FirstOrDefault(o => o.Id == id) : null;
}
