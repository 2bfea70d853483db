using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Audit;

public sealed class AuditChainTests
{
    private static TestInstance WithHistory(Provider provider)
    {
        var test = TestInstance.Create(provider);
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        new RevealIdentities(test.Instance).Run(test.OwnerOfA, id);
        new DeleteCase(test.Instance).Run(test.OwnerOfA, id);
        return test;
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Every_state_change_is_logged_with_ids_only_and_the_chain_verifies(Provider provider)
    {
        using var test = WithHistory(provider);
        var entries = AuditLog.Read(test.Instance.Database);

        Assert.Equal(
            [AuditAction.VaultInitialised, AuditAction.VaultSlotWritten, AuditAction.OrganisationCreated, AuditAction.MemberAdded, AuditAction.OrganisationCreated, AuditAction.CaseCreated, AuditAction.IdentityViewed, AuditAction.CaseDeleted],
            entries.Select(e => e.Action));
        Assert.All(entries.Skip(5), e => Assert.Equal(test.OrgA, e.OrgId));
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void An_edited_entry_is_reported(Provider provider)
    {
        using var test = WithHistory(provider);
        test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE audit_log SET actor = 'member:someone-else' WHERE seq = 5"));

        var result = new VerifyAuditLog(test.Instance.Database).Run();
        Assert.Equal(5, result.FirstBadSeq);
        Assert.Contains("altered", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_removed_entry_is_reported()
    {
        using var test = WithHistory(Provider.Sqlite);
        test.Instance.Database.Write((c, t) => c.Execute(t, "DELETE FROM audit_log WHERE seq = 3"));

        Assert.Equal(3, new VerifyAuditLog(test.Instance.Database).Run().FirstBadSeq);
    }

    [Fact]
    public void Reordered_entries_are_reported()
    {
        using var test = WithHistory(Provider.Sqlite);
        // Swap the contents of entries 5 and 6, keeping their sequence numbers: only the hash links can tell.
        test.Instance.Database.Write((c, t) =>
        {
            c.Execute(t, "UPDATE audit_log SET seq = -5 WHERE seq = 5");
            c.Execute(t, "UPDATE audit_log SET seq = 5 WHERE seq = 6");
            return c.Execute(t, "UPDATE audit_log SET seq = 6 WHERE seq = -5");
        });

        Assert.Equal(5, new VerifyAuditLog(test.Instance.Database).Run().FirstBadSeq);
    }

    [Fact]
    public void Removing_the_newest_entries_is_reported()
    {
        using var test = WithHistory(Provider.Sqlite);
        test.Instance.Database.Write((c, t) => c.Execute(t, "DELETE FROM audit_log WHERE seq >= 6"));

        var result = new VerifyAuditLog(test.Instance.Database).Run();
        Assert.Equal(6, result.FirstBadSeq);
        Assert.Contains("missing", result.Problem, StringComparison.Ordinal);
    }

    [Fact]
    public void A_chain_rewritten_as_a_whole_passes_alone_but_not_against_a_head_written_down_before()
    {
        using var test = WithHistory(Provider.Sqlite);
        var head = new VerifyAuditLog(test.Instance.Database).Run().Head!;
        Assert.StartsWith("8:", head, StringComparison.Ordinal);
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run([head]).Intact);

        // Someone with write access changes entry 5 and recomputes every hash after it: the chain alone looks fine.
        test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE audit_log SET actor = 'member:someone-else' WHERE seq = 5"));
        var prev = AuditLog.Read(test.Instance.Database).Single(e => e.Seq == 4).Hash;
        foreach (var e in AuditLog.Read(test.Instance.Database).Where(e => e.Seq >= 5))
        {
            var hash = AuditEntry.ComputeHash(e.Seq, e.At, e.Actor, e.Action, e.OrgId, e.RecordId, prev);
            test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE audit_log SET prev_hash = @p, hash = @h WHERE seq = @s", ("p", prev), ("h", hash), ("s", e.Seq)));
            prev = hash;
        }

        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);
        var anchored = new VerifyAuditLog(test.Instance.Database).Run([head]);
        Assert.Equal(8, anchored.FirstBadSeq);
        Assert.Contains("rewritten", anchored.Problem, StringComparison.Ordinal);
        Assert.False(new VerifyAuditLog(test.Instance.Database).Run(["not a head"]).Intact);
    }
}
