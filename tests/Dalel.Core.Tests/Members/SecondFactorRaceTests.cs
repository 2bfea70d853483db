using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using OtpNet;

namespace Dalel.Core.Tests.Members;

public sealed class SecondFactorRaceTests
{
    /// <summary>Two sign-ins that read the member's row before either wrote: the same code or recovery code works once.</summary>
    [Fact]
    public void The_same_code_racing_in_two_requests_is_accepted_once()
    {
        using var test = TestInstance.Create();
        Assert.True(new SignIn(test.Instance).Run("owner.a", TestInstance.OwnerPassword).IsOk);
        var signInSecret = test.Instance.Database.Read(c => SignInKeys.Secret("owner.a", TestInstance.OwnerPassword,
            c.Query(null, "SELECT login_salt FROM vault", r => r.GetBytes("login_salt")!).Single(), test.Instance.Options.PasswordKdf));
        var setup = SecondFactorSetup.New();
        var secret = Base32Encoding.ToBytes(setup.Secret);
        var codes = new EnableSecondFactor(test.Instance).Run(test.OwnerA, TestInstance.OwnerPassword, setup.Secret,
            new Totp(secret).ComputeTotp(test.Clock.GetUtcNow().UtcDateTime)).Value;
        test.Clock.Advance(TimeSpan.FromSeconds(30));
        var code = new Totp(secret).ComputeTotp(test.Clock.GetUtcNow().UtcDateTime);

        foreach (var answer in new[] { code, codes[0] })
        {
            var snapshot = test.Instance.Database.Read(c => SecondFactorStore.Read(c, null, test.OwnerA))!;
            var first = test.Instance.Database.Write((c, t) => SecondFactorStore.Check(c, t, test.OwnerA, snapshot, TestInstance.OwnerPassword, signInSecret, answer, test.Clock.GetUtcNow()));
            var second = test.Instance.Database.Write((c, t) => SecondFactorStore.Check(c, t, test.OwnerA, snapshot, TestInstance.OwnerPassword, signInSecret, answer, test.Clock.GetUtcNow()));
            Assert.Equal((true, false), (first, second));
        }
    }
}
