using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Cases;

public sealed class CaseStoreTests
{
    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_recorded_case_reads_back_whole_in_its_organisation_only(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var content = SampleCases.Valid() with { Narrative = "Во дворе его избили двое полицейских." };
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, content).Value;

        var view = new GetCase(test.Instance).Run(test.OwnerOfA, id).Value;
        Assert.Equal(content.Narrative, view.Record.Narrative);
        SameJson.Equal(content.Victims, view.Record.Victims);
        SameJson.Equal(content.Acts, view.Record.Acts);
        Assert.True(view.HasIdentities);

        Assert.IsType<NotFound>(new GetCase(test.Instance).Run(test.OwnerOfB, id).Error);
        Assert.Equal(0, new SearchCases(test.Instance).Run(test.OwnerOfB, new CaseQuery()).Value.Total);
        Assert.IsType<NotFound>(new UpdateCase(test.Instance).Run(test.OwnerOfB, id, view.Version, content).Error);
        Assert.IsType<NotFound>(new DeleteCase(test.Instance).Run(test.OwnerOfB, id).Error);
        Assert.IsType<NotFound>(new RevealIdentities(test.Instance).Run(test.OwnerOfB, id).Error);
        Assert.NotNull(new GetCase(test.Instance).Run(test.OwnerOfA, id).Value);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void A_second_node_on_the_same_database_sees_new_changed_and_deleted_cases(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        using var second = test.OpenNode();
        new Dalel.Core.Vault.UnsealVault(second).Run(TestInstance.Passphrase, "cli");

        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        Assert.Equal("Police detention in Almaty", new GetCase(second).Run(test.OwnerOfA, id).Value.Record.Title);

        var version = new GetCase(test.Instance).Run(test.OwnerOfA, id).Value.Version;
        new UpdateCase(test.Instance).Run(test.OwnerOfA, id, version, SampleCases.Valid(title: "Renamed"));
        Assert.Equal("Renamed", new GetCase(second).Run(test.OwnerOfA, id).Value.Record.Title);

        new DeleteCase(test.Instance).Run(test.OwnerOfA, id);
        Assert.IsType<NotFound>(new GetCase(second).Run(test.OwnerOfA, id).Error);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Victims_identities_stay_sealed_in_memory_until_someone_who_may_read_them_asks(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var first = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var second = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(title: "Another")).Value;
        using var node = test.OpenNode();
        new Dalel.Core.Vault.UnsealVault(node).Run(TestInstance.Passphrase, "cli");
        var open = node.Enter(test.OwnerOfA, Capability.ReadCodedFacts).Value;
        Assert.All(open.Cases, c => Assert.False(c.IdentitiesOpened));

        // An analyst's search cannot reach names, so it opens none.
        Assert.Equal(0, new SearchCases(node).Run(TestInstance.Scope(test.OrgA, Role.Analyst), new CaseQuery { Text = "Person" }).Value.Total);
        Assert.All(open.Cases, c => Assert.False(c.IdentitiesOpened));

        // The owner's case page opens that case's identities only.
        Assert.True(new GetCase(node).Run(test.OwnerOfA, first).Value.HasIdentities);
        Assert.True(open.Case(first)!.IdentitiesOpened);
        Assert.False(open.Case(second)!.IdentitiesOpened);

        // The owner's search by name opens the rest, in one read, and finds both.
        Assert.Equal(2, new SearchCases(node).Run(test.OwnerOfA, new CaseQuery { Text = "Person" }).Value.Total);
        Assert.All(open.Cases, c => Assert.Equal("Test Person", c.Identities.Single().FullName));

        // Once sealed, nothing opens them any more: a case written meanwhile and caught up, not yet opened, stays closed.
        var third = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(title: "Third")).Value;
        var unopened = node.Enter(test.OwnerOfA, Capability.ReadCodedFacts).Value.Case(third)!;
        Assert.False(unopened.IdentitiesOpened);
        new Dalel.Core.Vault.SealVault(node).Run("cli");
        Assert.Throws<ObjectDisposedException>(() => unopened.Identities);
    }

    [Fact]
    public void Sealing_overwrites_the_decrypted_cases_held_in_memory()
    {
        // Cases loaded one by one (after a write) and in bulk (a node unsealing 300 cases at once, into shared arrays).
        using var test = TestInstance.Create();
        var first = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var held = new List<StoredCase> { test.Instance.Enter(test.OwnerOfA, Capability.ReadCodedFacts).Value.Case(first)! };
        for (var i = 0; i < 300; i++)
        {
            new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(title: $"Case {i}"));
        }

        using var second = test.OpenNode();
        new Dalel.Core.Vault.UnsealVault(second).Run(TestInstance.Passphrase, "cli");
        var bulk = second.Enter(test.OwnerOfA, Capability.ReadCodedFacts).Value.Cases.ToList();
        Assert.Equal(301, bulk.Count);
        held.AddRange(bulk);
        Assert.All(held, c => Assert.Contains(c.Body.ToArray(), b => b != 0));
        Assert.Equal("Police detention in Almaty", held[0].Record.Title);

        new Dalel.Core.Vault.SealVault(test.Instance).Run("cli");
        new Dalel.Core.Vault.SealVault(second).Run("cli");

        Assert.All(held, c => Assert.All(c.Body.ToArray(), b => Assert.Equal(0, b)));
    }

    [Fact]
    public void An_edit_based_on_an_old_version_is_refused_rather_than_overwriting()
    {
        using var test = TestInstance.Create();
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        var loaded = new GetCase(test.Instance).Run(test.OwnerOfA, id).Value.Version;

        Assert.True(new UpdateCase(test.Instance).Run(test.OwnerOfA, id, loaded, SampleCases.Valid(title: "First save")).IsOk);
        Assert.IsType<EditConflict>(new UpdateCase(test.Instance).Run(test.OwnerOfA, id, loaded, SampleCases.Valid(title: "Second save")).Error);
        Assert.Equal("First save", new GetCase(test.Instance).Run(test.OwnerOfA, id).Value.Record.Title);
    }

    [Fact]
    public void Roles_decide_what_can_be_read_written_and_deleted()
    {
        using var test = TestInstance.Create();
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(narrative: "secret narrative words")).Value;
        var analyst = TestInstance.Scope(test.OrgA, Role.Analyst);
        var viewer = TestInstance.Scope(test.OrgA, Role.Viewer);
        var documenter = TestInstance.Scope(test.OrgA, Role.Documenter);

        var seenByAnalyst = new GetCase(test.Instance).Run(analyst, id).Value;
        Assert.Equal("", seenByAnalyst.Record.Title);
        Assert.Equal("", seenByAnalyst.Record.Narrative);
        Assert.Null(seenByAnalyst.Record.Acts[0].Perpetrators[0].Description);
        Assert.Equal("V1", seenByAnalyst.Record.Victims[0].CodeName);
        Assert.Null(seenByAnalyst.Record.Victims[0].Age);
        Assert.Equal("18_24", seenByAnalyst.Record.Victims[0].AgeBand);
        Assert.Equal(["police_violence"], seenByAnalyst.Record.Acts[0].Violations);
        Assert.False(seenByAnalyst.HasIdentities);

        Assert.Equal("secret narrative words", new GetCase(test.Instance).Run(viewer, id).Value.Record.Narrative);
        Assert.False(new GetCase(test.Instance).Run(viewer, id).Value.HasIdentities);

        Assert.IsType<Forbidden>(new RevealIdentities(test.Instance).Run(viewer, id).Error);
        Assert.IsType<Forbidden>(new RevealIdentities(test.Instance).Run(analyst, id).Error);
        Assert.Equal("Test Person", new RevealIdentities(test.Instance).Run(documenter, id).Value[0].FullName);

        Assert.IsType<Forbidden>(new RecordCase(test.Instance).Run(analyst, SampleCases.Valid()).Error);
        Assert.IsType<Forbidden>(new RecordCase(test.Instance).Run(viewer, SampleCases.Valid()).Error);
        Assert.True(new RecordCase(test.Instance).Run(documenter, SampleCases.Valid()).IsOk);
        Assert.IsType<Forbidden>(new DeleteCase(test.Instance).Run(documenter, id).Error);
        Assert.True(new DeleteCase(test.Instance).Run(test.OwnerOfA, id).IsOk);
    }

    [Fact]
    public void Text_search_reaches_only_what_the_role_may_read()
    {
        using var test = TestInstance.Create();
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(narrative: "Ёго избили во дворе"));
        new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid(title: "Fake date", narrative: "Met through an app", violation: "fake_dating"));
        int Count(Role role, string text) => new SearchCases(test.Instance).Run(TestInstance.Scope(test.OrgA, role), new CaseQuery { Text = text }).Value.Total;

        Assert.Equal(1, Count(Role.Viewer, "ИЗБИЛИ"));
        Assert.Equal(1, Count(Role.Viewer, "его избили"));
        Assert.Equal(1, Count(Role.Viewer, "избили двор"));
        Assert.Equal(0, Count(Role.Analyst, "избили"));
        Assert.Equal(1, Count(Role.Analyst, "фейк"));
        Assert.Equal(2, Count(Role.Analyst, "Алматы"));
        Assert.Equal(2, Count(Role.Documenter, "+7 700"));
        Assert.Equal(0, Count(Role.Viewer, "+7 700"));
    }

    [Fact]
    public void Filters_combine_and_paging_is_stable()
    {
        using var test = TestInstance.Create();
        for (var i = 0; i < 30; i++)
        {
            var content = SampleCases.Valid(title: $"Case {i:D2}", violation: i % 3 == 0 ? "fake_dating" : "police_violence") with
            {
                Place = new Place { Region = i % 2 == 0 ? "astana" : "almaty_city" },
                Date = new IncidentDate(DatePrecision.Day, new DateOnly(2024, 1, 1).AddDays(i), new DateOnly(2024, 1, 1).AddDays(i)),
            };
            new RecordCase(test.Instance).Run(test.OwnerOfA, content);
        }

        var search = new SearchCases(test.Instance);
        Assert.Equal(10, search.Run(test.OwnerOfA, new CaseQuery { Codes = new Dictionary<string, string> { ["violations"] = "fake_dating" } }).Value.Total);
        Assert.Equal(5, search.Run(test.OwnerOfA, new CaseQuery { Region = "astana", Codes = new Dictionary<string, string> { ["violations"] = "fake_dating" } }).Value.Total);
        Assert.Equal(10, search.Run(test.OwnerOfA, new CaseQuery { From = new DateOnly(2024, 1, 11), To = new DateOnly(2024, 1, 20) }).Value.Total);
        Assert.Equal(30, search.Run(test.OwnerOfA, new CaseQuery { Codes = new Dictionary<string, string> { ["perpetrator-types"] = "police" } }).Value.Total);

        var first = search.Run(test.OwnerOfA, new CaseQuery { Sort = CaseSort.DateAsc, PageSize = 12, Page = 1 }).Value;
        var last = search.Run(test.OwnerOfA, new CaseQuery { Sort = CaseSort.DateAsc, PageSize = 12, Page = 3 }).Value;
        Assert.Equal(3, first.Pages);
        Assert.Equal("Case 00", first.Items[0].Title);
        Assert.Equal(6, last.Items.Count);
        Assert.Equal("Case 29", last.Items[^1].Title);
        Assert.Equal("Case 29", search.Run(test.OwnerOfA, new CaseQuery { Sort = CaseSort.DateDesc }).Value.Items[0].Title);
    }

    [Theory]
    [MemberData(nameof(TestDatabases.Both), MemberType = typeof(TestDatabases))]
    public void Evidence_files_keep_their_original_hash_and_stay_in_their_organisation(Provider provider)
    {
        using var test = TestInstance.Create(provider);
        var id = new RecordCase(test.Instance).Run(test.OwnerOfA, SampleCases.Valid()).Value;
        byte[] bytes = [0xFF, 0xD8, 0xFF, .. "photo bytes"u8];

        var fileId = new AttachEvidence(test.Instance).Run(test.OwnerOfA, id, "../../etc/photo.jpg", "image/jpeg", bytes).Value;
        var file = new OpenEvidence(test.Instance).Run(test.OwnerOfA, id, fileId).Value;

        Assert.Equal(bytes, file.Content);
        Assert.Equal("photo.jpg", file.File.FileName);
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), file.File.Sha256);
        Assert.IsType<NotFound>(new OpenEvidence(test.Instance).Run(test.OwnerOfB, id, fileId).Error);
        Assert.IsType<Forbidden>(new OpenEvidence(test.Instance).Run(TestInstance.Scope(test.OrgA, Role.Viewer), id, fileId).Error);
        Assert.Empty(new GetCase(test.Instance).Run(TestInstance.Scope(test.OrgA, Role.Viewer), id).Value.Record.Files);
        Assert.IsType<Invalid>(new AttachEvidence(test.Instance).Run(test.OwnerOfA, id, "empty.txt", "text/plain", []).Error);
    }
}
