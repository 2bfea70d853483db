using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Members;

public sealed class MemberTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Members_sign_in_and_their_names_are_not_stored_in_plaintext(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var id = new AddMember(test.Instance).Run(test.OwnerOfA, "Aigerim.Doc", "Айгерим", "a-long-password", Role.Documenter).Value;

        Assert.Equal(id, new SignIn(test.Instance).Run("  aigerim.doc ", "a-long-password").Value);
        Assert.IsType<BadCredentials>(new SignIn(test.Instance).Run("aigerim.doc", "wrong-password").Error);
        Assert.IsType<BadCredentials>(new SignIn(test.Instance).Run("nobody", "a-long-password").Error);
        var stored = test.Instance.Database.Read(c => c.Query(null, "SELECT login_hash FROM members", r => r.GetString(0)));
        Assert.DoesNotContain(stored, s => s.Contains("aigerim", StringComparison.OrdinalIgnoreCase));
        Assert.Equal([new Membership(test.OrgA, Role.Documenter)], new Memberships(test.Instance).Of(id));
        Assert.Contains(new ListMembers(test.Instance).Run(test.OwnerOfA).Value, m => m.Login == "Aigerim.Doc" && m.DisplayName == "Айгерим");
    }

    [Fact]
    public void Repeated_failures_lock_the_account_for_a_while()
    {
        using var test = TestInstance.Create();
        for (var i = 0; i < 4; i++)
        {
            Assert.IsType<BadCredentials>(new SignIn(test.Instance).Run("owner.a", "wrong").Error);
        }

        Assert.IsType<LockedOut>(new SignIn(test.Instance).Run("owner.a", "wrong").Error);
        Assert.IsType<LockedOut>(new SignIn(test.Instance).Run("owner.a", TestInstance.OwnerPassword).Error);

        test.Clock.Advance(TimeSpan.FromMinutes(16));
        Assert.True(new SignIn(test.Instance).Run("owner.a", TestInstance.OwnerPassword).IsOk);
    }

    [Fact]
    public void Only_owners_manage_members_and_an_organisation_keeps_an_owner()
    {
        using var test = TestInstance.Create();
        Assert.IsType<Forbidden>(new AddMember(test.Instance).Run(TestInstance.Scope(test.OrgA, Role.Documenter), "x.y", "X", "long-password", Role.Owner).Error);
        Assert.IsType<Invalid>(new ChangeMembership(test.Instance).ChangeRole(test.OwnerOfA, test.OwnerA, Role.Viewer).Error);
        Assert.IsType<Invalid>(new ChangeMembership(test.Instance).Remove(test.OwnerOfA, test.OwnerA).Error);
        Assert.IsType<NotFound>(new ChangeMembership(test.Instance).Remove(test.OwnerOfB, test.OwnerA).Error);

        var second = new AddMember(test.Instance).Run(test.OwnerOfA, "second.owner", "Second", "long-password", Role.Owner).Value;
        Assert.True(new ChangeMembership(test.Instance).ChangeRole(test.OwnerOfA, test.OwnerA, Role.Viewer).IsOk);
        Assert.True(new ChangeMembership(test.Instance).Remove(test.OwnerOfA, test.OwnerA).IsOk);
        Assert.IsType<BadCredentials>(new SignIn(test.Instance).Run("owner.a", TestInstance.OwnerPassword).Error);
        Assert.Equal(Role.Owner, new Memberships(test.Instance).Of(second).Single().Role);
    }

    [Fact]
    public void Taken_sign_in_names_and_short_passwords_are_refused()
    {
        using var test = TestInstance.Create();
        var taken = Assert.IsType<Invalid>(new AddMember(test.Instance).Run(test.OwnerOfB, "OWNER.A", "Someone", "long-password", Role.Viewer).Error);
        Assert.Equal("Login", taken.Errors.Single().Field);
        var weak = Assert.IsType<Invalid>(new AddMember(test.Instance).Run(test.OwnerOfB, "new.person", "Someone", "short", Role.Viewer).Error);
        Assert.Equal("Password", weak.Errors.Single().Field);

        Assert.True(new AddMember(test.Instance).Run(OrgScope.Cli(test.OrgB), "owner.a", "Owner A", null, Role.Viewer, joinExisting: true).IsOk);
        Assert.Equal(2, new Memberships(test.Instance).Of(test.OwnerA).Count);
    }
}
