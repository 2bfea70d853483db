using System.Reflection;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Door;

public sealed class DoorTests
{
    /// <summary>The features that hold organisation data: cases, identities, evidence, intake, submissions, register.</summary>
    private static readonly string[] FeaturesBehindTheDoor = ["Cases", "Intake", "Submissions", "Register", "Statistics", "Linkage", "HateCrime", "Transfer", "Demo", "Estimation", "Import", "Api"];

    private static string CoreSource()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dalel.slnx")))
        {
            directory = directory.Parent;
        }

        return Path.Combine(directory?.FullName ?? throw new InvalidOperationException("Dalel.slnx not found above the test binaries."), "src", "Dalel.Core");
    }

    [Fact]
    public void No_feature_holding_organisation_data_reaches_the_database_or_the_open_keys_except_through_the_door()
    {
        var offences = new List<string>();
        var scanned = 0;
        foreach (var feature in FeaturesBehindTheDoor)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(CoreSource(), feature), "*.cs", SearchOption.AllDirectories))
            {
                scanned++;
                var lines = File.ReadAllLines(file);
                for (var i = 0; i < lines.Length; i++)
                {
                    if (lines[i].Contains("instance.Database", StringComparison.Ordinal) || lines[i].Contains("Vault.Keys", StringComparison.Ordinal)
                        || lines[i].Contains("AuditLog.Append", StringComparison.Ordinal))
                    {
                        offences.Add($"{Path.GetRelativePath(CoreSource(), file)}:{i + 1}: {lines[i].Trim()}");
                    }
                }
            }
        }

        Assert.True(scanned > 50, "the scan found too few files to be reading the sources");
        Assert.Empty(offences);
    }

    [Fact]
    public void Hosts_cannot_reach_the_database_or_the_keys_at_all()
    {
        Assert.Null(typeof(DalelInstance).GetProperty("Database", BindingFlags.Public | BindingFlags.Instance));
        Assert.DoesNotContain(typeof(Dalel.Core.Vault.Vault).GetMembers(BindingFlags.Public | BindingFlags.Instance), m => m.Name is "Keys" or "Open");
    }

    [Fact]
    public void The_door_checks_capability_and_seal_and_lets_in_one_organisations_cases_only()
    {
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        var own = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var other = new RecordCase(test.Instance).Run(test.OwnerOfB, SampleCases.Valid()).Value;

        Assert.IsType<Forbidden>(test.Instance.Enter(TestInstance.Scope(test.OrgA, Role.Viewer), Capability.WriteCases).Error);
        var inside = test.Instance.Enter(TestInstance.Scope(test.OrgA, Role.Viewer), Capability.ReadCodedFacts).Value;
        Assert.Equal([own], inside.Cases.Select(c => c.Record.Id));
        Assert.Null(inside.Case(other));

        new SealVault(test.Instance).Run("test");
        Assert.IsType<VaultSealed>(test.Instance.Enter(test.OwnerOfA, Capability.ReadCodedFacts).Error);
        Assert.False(test.Instance.Entrance.HoldsCases, "sealing must drop the decrypted cases with the keys");
    }

    [Fact]
    public void A_change_through_the_door_is_audited_in_its_own_transaction_and_a_change_that_did_not_happen_is_not()
    {
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        var inside = test.Instance.Enter(test.OwnerOfA, Capability.WriteCases).Value;
        var before = AuditLog.Read(test.Instance).Count;

        Assert.False(inside.Change("test.nothing", "x", (_, _) => false));
        Assert.Equal(before, AuditLog.Read(test.Instance).Count);

        Assert.Throws<InvalidOperationException>(() => inside.Change("test.failed", "y", (c, t) =>
        {
            Dalel.Core.Storage.Sql.Execute(c, t, "UPDATE counters SET value = value + 1000 WHERE name = 'cases'");
            throw new InvalidOperationException("the work failed");
        }));
        Assert.Equal(before, AuditLog.Read(test.Instance).Count);

        Assert.True(inside.Change("test.done", "z", (_, _) => true));
        var last = AuditLog.Read(test.Instance)[^1];
        Assert.Equal(("test.done", "z", test.OrgA, test.OwnerOfA.Actor), (last.Action, last.RecordId, last.OrgId, last.Actor));
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);
    }
}
