using Dalel.Core.Audit;
using Dalel.Core.Members;

namespace Dalel.Core.Organisations;

/// <summary>
/// An owner names the States whose cases the organisation documents (a regional coalition member may cover several);
/// the case form, filters and statistics offer those States and their regions, the first one by default.
/// </summary>
public sealed class SetOrganisationCountries(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, IReadOnlyList<string> countries)
    {
        if (!scope.Can(Capability.ManageMembers))
        {
            return new Forbidden();
        }

        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return new VaultSealed();
        }

        var codes = countries.Select(c => c.Trim().ToUpperInvariant()).Where(c => c.Length > 0).Distinct().ToList();
        if (codes.Count == 0)
        {
            return Invalid.One("Countries", "error.countries_required");
        }

        if (codes.FirstOrDefault(c => instance.Catalog.Geography.FindCountry(c) is null) is { } unknown)
        {
            return Invalid.One("Countries", "error.unknown_code", unknown);
        }

        var current = new ListOrganisations(instance).Find(scope.OrganisationId);
        if (current is null)
        {
            return new NotFound();
        }

        return OrganisationKeys.SaveProfile(instance, keys, scope, new OrganisationProfile(current.Name, current.SharesWithCoalition, codes),
            AuditAction.OrganisationCountriesSet, string.Join(",", codes));
    }
}
