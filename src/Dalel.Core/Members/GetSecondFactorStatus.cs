using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;
using Dalel.Core.Intake;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using OtpNet;

namespace Dalel.Core.Members;

public sealed class GetSecondFactorStatus(DalelInstance instance)
{
    public SecondFactorStatus Run(Guid member)
    {
        var row = instance.Database.Read(c => SecondFactorStore.Read(c, null, member));
        return new SecondFactorStatus(row?.Sealed is not null, SecondFactorStore.RecoveryHashes(row?.RecoveryCodes).Count);
    }
}
