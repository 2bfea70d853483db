using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

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

        var profile = Aead.Seal(keys.DirectoryKey,
            JsonSerializer.SerializeToUtf8Bytes(new OrganisationProfile(current.Name, current.SharesWithCoalition, codes), Json.Files), OrganisationKeys.ProfileAad(scope.OrganisationId));
        return instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE organisations SET profile_sealed = @p, seq = @s WHERE id = @id",
                ("p", profile), ("s", Database.Next(c, t, "change")), ("id", scope.OrganisationId));
            AuditLog.Append(c, t, instance.Clock, scope.Actor, AuditAction.OrganisationCountriesSet, scope.OrganisationId, string.Join(",", codes));
            return new Result<Done>(Done.Value);
        });
    }
}
