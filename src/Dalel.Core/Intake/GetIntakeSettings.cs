using System.Text.Json;
using System.Text.RegularExpressions;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Text;

namespace Dalel.Core.Intake;

/// <summary>The organisation's public form, or a proposal to start from: a random address and the standard questions.</summary>
public sealed class GetIntakeSettings(DalelInstance instance)
{
    public Result<IntakeConfiguration> Run(OrgScope scope)
    {
        var form = instance.Entrance.ReadPlain(scope, Capability.ConfigureIntake, c => IntakeStore.FormOf(c, null, scope.OrganisationId));
        if (!form.IsOk)
        {
            return form.Error!;
        }

        return form.Value is { } row ? new IntakeConfiguration(row.Settings, row.Version) : new IntakeConfiguration(DefaultIntake.Settings(), 0);
    }
}
