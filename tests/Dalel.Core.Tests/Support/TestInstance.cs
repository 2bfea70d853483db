using Dalel.Core.Members;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace Dalel.Core.Tests.Support;

/// <summary>A fresh, initialised instance in its own temporary directory (and schema, for PostgreSQL). Nothing is shared between tests.</summary>
public sealed class TestInstance : IDisposable
{
    public const string Passphrase = "correct horse battery staple";
    public const string OwnerPassword = "owner-password-1";

    private readonly Action _dropSchema;

    private TestInstance(string directory, string? postgres, Action dropSchema, FakeTimeProvider clock)
    {
        Directory = directory;
        Postgres = postgres;
        _dropSchema = dropSchema;
        Clock = clock;
        Instance = OpenNode();
    }

    public string Directory { get; }

    public string? Postgres { get; }

    public FakeTimeProvider Clock { get; }

    public DalelInstance Instance { get; }

    public Guid OrgA { get; private set; }

    public Guid OrgB { get; private set; }

    public Guid OwnerA { get; private set; }

    public static TestInstance Create(Provider provider = Provider.Sqlite, bool initialise = true)
    {
        var directory = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
        var (postgres, drop) = provider == Provider.Postgres ? TestDatabases.NewPostgresSchema() : (null, () => { });
        var clock = new FakeTimeProvider(new DateTimeOffset(2025, 6, 1, 9, 0, 0, TimeSpan.Zero));
        var test = new TestInstance(directory, postgres, drop, clock);
        if (initialise)
        {
            var done = new InitialiseVault(test.Instance).Run(Passphrase, "Organisation A", new FirstOwner("owner.a", "Owner A", OwnerPassword), KdfParameters.Fast).Value;
            test.OrgA = done.OrganisationId;
            test.OwnerA = done.OwnerId;
            test.OrgB = new Organisations.CreateOrganisation(test.Instance).Run("Organisation B", Dalel.Core.Audit.Actors.Cli).Value;
        }

        return test;
    }

    /// <summary>Another process on the same data: a second app node, or the CLI next to a server.</summary>
    public DalelInstance OpenNode() => DalelInstance.Open(
        new DalelOptions { DataDirectory = Directory, PostgresConnectionString = Postgres, PasswordKdf = KdfParameters.Fast },
        Clock);

    public static OrgScope Scope(Guid org, Role role) => new(org, $"member:{role}", role);

    public OrgScope OwnerOfA => Scope(OrgA, Role.Owner);

    public OrgScope OwnerOfB => Scope(OrgB, Role.Owner);

    public void Dispose()
    {
        Instance.Dispose();
        SqliteConnection.ClearAllPools();
        _dropSchema();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
