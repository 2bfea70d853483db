using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.FieldCapture;

/// <summary>
/// Turns field capture on or off for an organisation. The first time, it makes the RSA pair the forms carry, and the
/// intake keys (a public form, left off, if the organisation has none) that received submissions are sealed to and
/// whose queue they join. Turning it on again takes the organisation's current States for the forms' region list.
/// </summary>
public sealed class EnableFieldCapture(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, bool enabled)
    {
        var opened = instance.Enter(scope, Capability.ConfigureIntake);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var countries = string.Join(',', new Organisations.ListOrganisations(instance).CountriesOf(scope.OrganisationId));
        open.Change(enabled ? AuditAction.FieldEnabled : AuditAction.FieldDisabled, null, (c, t) =>
        {
            if (IntakeStore.FormOf(c, t, scope.OrganisationId) is null)
            {
                var (publicKey, wrapped) = IntakeKeys.NewPair(open.DataKey, scope.OrganisationId);
                var settings = DefaultIntake.Settings() with { Enabled = false };
                c.Execute(t, "INSERT INTO intake_forms (org_id, slug, settings, public_key, wrapped_private_key, version) VALUES (@org, @slug, @json, @pub, @priv, 1)",
                    ("org", scope.OrganisationId), ("slug", settings.Slug), ("json", JsonSerializer.Serialize(settings, Json.Files)), ("pub", publicKey), ("priv", wrapped));
            }

            if (FieldCaptureStore.Of(c, t, scope.OrganisationId) is null)
            {
                var (rsaPublic, rsaWrapped) = FieldCaptureStore.NewRsaPair(open.DataKey, scope.OrganisationId);
                c.Execute(t, "INSERT INTO field_capture (org_id, rsa_public_key, countries, wrapped_rsa_private_key, enabled) VALUES (@org, @pub, @countries, @priv, @on)",
                    ("org", scope.OrganisationId), ("pub", rsaPublic), ("countries", countries), ("priv", rsaWrapped), ("on", enabled ? 1 : 0));
            }
            else
            {
                c.Execute(t, "UPDATE field_capture SET enabled = @on, countries = @countries WHERE org_id = @org",
                    ("on", enabled ? 1 : 0), ("countries", countries), ("org", scope.OrganisationId));
            }

            return true;
        });
        return Done.Value;
    }
}
