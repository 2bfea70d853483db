using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

/// <summary>What a raid reads from a copy of the database beyond the ciphertext itself (issue 13, finding 10).</summary>
public sealed class SeizedMetadataTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_police_copy_of_a_photo_cannot_be_matched_to_a_sealed_file_by_its_length(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        var caseId = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var photos = new[] { 41_000, 41_500, 42_000, 43_000 }.Select(n => Enumerable.Range(0, n).Select(i => i < 3 ? (byte)(i == 2 ? 0xFF : i == 1 ? 0xD8 : 0xFF) : (byte)(i * 7)).ToArray()).ToList();
        foreach (var (photo, i) in photos.Select((p, i) => (p, i)))
        {
            Assert.True(new AttachEvidence(test.Instance).Run(test.OwnerOfA, caseId, $"raid-{i}.jpg", "image/jpeg", photo).IsOk);
        }

        var sealedLengths = test.Instance.Database.Read(c => c.Query(null, "SELECT LENGTH(content) AS n FROM evidence_files", r => r.GetLong("n")));

        // The police hold one of these photos: its exact size plus the cipher's overhead is in no row, and the four
        // sizes fall into one bucket.
        Assert.DoesNotContain(sealedLengths, n => photos.Any(p => n == p.Length + 28));
        Assert.Single(sealedLengths.Distinct());
        Assert.Equal(photos[2], new OpenEvidence(test.Instance).Run(test.OwnerOfA, caseId, new GetCase(test.Instance).Run(test.OwnerOfA, caseId).Value.Record.Files[2].Id).Value.Content);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Case_rows_tell_neither_the_length_of_a_narrative_nor_which_cases_hold_identities(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        var withNames = SampleCases.Valid(narrative: new string('n', 900));
        withNames = withNames with { Identities = [new VictimIdentity { VictimId = withNames.Victims[0].Id, FullName = "Aigerim Seitkali", Contacts = "+7 701 555 0101" }] };
        new RecordCase(test.Instance).Run(test.OwnerOfA, withNames);
        for (var i = 1; i < 20; i++)
        {
            new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(narrative: new string('n', 900 + (5 * i))));
        }

        var rows = test.Instance.Database.Read(c => c.Query(null, "SELECT LENGTH(body) AS b, LENGTH(identities_sealed) AS i FROM cases",
            r => (Body: r.GetLong("b"), Identities: r.IsDBNull(r.GetOrdinal("i")) ? -1 : r.GetLong("i"))));

        // Twenty narratives of twenty lengths: a handful of bucket sizes (Padmé, at most 12% over), every one a bucket.
        Assert.Equal(20, rows.Count);
        Assert.InRange(rows.Select(r => r.Body).Distinct().Count(), 1, 3);
        Assert.All(rows, r => Assert.Equal(Padding.Bucket((int)r.Body - 28), (int)r.Body - 28));
        Assert.DoesNotContain(rows, r => r.Identities < 0);
        Assert.Single(rows.Select(r => r.Identities).Distinct());
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Audit_entries_do_not_say_whose_identities_were_viewed_and_the_chain_verifies_while_sealed(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        var caseId = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var fileId = new AttachEvidence(test.Instance).Run(test.OwnerOfA, caseId, "raid.jpg", "image/jpeg", [0xFF, 0xD8, 0xFF, 1, 2, 3]).Value;
        Assert.True(new RevealIdentities(test.Instance).Run(test.OwnerOfA, caseId).IsOk);
        Assert.True(new OpenEvidence(test.Instance).Run(test.OwnerOfA, caseId, fileId).IsOk);
        new SealVault(test.Instance).Run("cli");

        var stored = AuditLog.Read(test.Instance.Database);
        var looked = stored.Where(e => e.Action is AuditAction.IdentityViewed or AuditAction.FileDownloaded).ToList();
        Assert.Equal(2, looked.Count);
        Assert.All(looked, e => Assert.StartsWith(AuditRecords.Prefix, e.RecordId, StringComparison.Ordinal));
        var everything = string.Join("\n", looked.Select(e => e.RecordId));
        Assert.DoesNotContain(caseId.ToString("D"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(fileId.ToString("D"), everything, StringComparison.OrdinalIgnoreCase);
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);

        // Unsealed, the organisation reads them (its custody records need them); key rotation keeps them readable and the chain intact.
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.Contains(test.Instance.Enter(test.OwnerOfA, Dalel.Core.Members.Capability.ManageVault).Value.AuditEntries(), e => e.Action == AuditAction.IdentityViewed && e.RecordId == caseId.ToString("D"));
        new SealVault(test.Instance).Run("cli");
        Assert.True(new RotateKeys(test.Instance).Run(TestInstance.Passphrase, "cli").IsOk);
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        Assert.Contains(test.Instance.Enter(test.OwnerOfA, Dalel.Core.Members.Capability.ManageVault).Value.AuditEntries(), e => e.Action == AuditAction.FileDownloaded && e.RecordId == fileId.ToString("D"));
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Cases_stored_without_an_identities_blob_get_one_at_the_next_unsealing(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid());
        // As an instance upgraded from before stands: cases without a blob, and the migration's marker not yet set.
        test.Instance.Database.Write((c, t) => c.Execute(t, "UPDATE cases SET identities_sealed = NULL", []) + c.Execute(t, "UPDATE counters SET value = 0 WHERE name = 'identities_everywhere'", []));
        new SealVault(test.Instance).Run("cli");
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "cli");

        Assert.Equal(0, test.Instance.Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM cases WHERE identities_sealed IS NULL")));
        Assert.True(new VerifyAuditLog(test.Instance.Database).Run().Intact);
    }
}
