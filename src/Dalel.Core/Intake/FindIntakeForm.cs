using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Storage;
using Dalel.Core.Vault;

namespace Dalel.Core.Intake;

/// <summary>The public form at an address, if its organisation turned it on. Needs no key: it works while sealed.</summary>
public sealed class FindIntakeForm(DalelInstance instance)
{
    public Result<IntakeSettings> Run(string slug)
    {
        var door = Door.PublicForm.At(instance, slug);
        return door.IsOk ? door.Value.Form.Settings : door.Error!;
    }
}
