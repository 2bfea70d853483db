using Dalel.Core.Members;

namespace Dalel.Core.Tests.Members;

public sealed class SignInStateTests
{
    [Fact]
    public void Spraying_invented_names_keeps_memory_bounded_and_a_locked_name_stays_locked()
    {
        var state = new SignInState();
        var options = new DalelOptions { DataDirectory = "unused" };
        var now = new DateTimeOffset(2026, 11, 30, 4, 0, 0, TimeSpan.Zero);
        for (var i = 0; i < options.LockoutAttempts; i++)
        {
            state.Failed("aigerim.k", now, options);
        }

        for (var i = 0; i < 25_000; i++)
        {
            state.Failed($"invented.{i}", now, options);
        }

        Assert.NotNull(state.LockedAt("aigerim.k", now));
        Assert.InRange(state.Names, 1, 10_001);
    }
}
