using Dalel.Core.Storage;
using Dalel.Core.Vocabularies;

namespace Dalel.Core;

public sealed record DalelOptions
{
    /// <summary>Holds the embedded database and the web host's cookie keys. Created with owner-only permissions.</summary>
    public required string DataDirectory { get; init; }

    /// <summary>When set, cases live in this PostgreSQL database instead of the embedded one.</summary>
    public string? PostgresConnectionString { get; init; }

    public Vault.KdfParameters PasswordKdf { get; init; } = Vault.KdfParameters.Password;

    public long MaxFileBytes { get; init; } = 25 * 1024 * 1024;

    public int LockoutAttempts { get; init; } = 5;

    public TimeSpan LockoutDuration { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Owners must set up a second factor before doing anything else. Off only for the demo and tests.</summary>
    public bool OwnersNeedSecondFactor { get; init; } = true;

    /// <summary>
    /// The web host ends its process when the instance seals, so nothing it decrypted or was typed into it survives in
    /// a running process; `dalel serve` runs it under a supervisor that never holds a secret and starts a fresh, sealed one.
    /// </summary>
    public bool EndProcessOnSeal { get; init; }
}

/// <summary>One Dalel instance: its database, its vault (sealed or not) and its clock. Shared by the web host and the CLI.</summary>
public sealed class DalelInstance : IDisposable
{
    private DalelInstance(DalelOptions options, Database database, TimeProvider clock)
    {
        Options = options;
        Database = database;
        Clock = clock;
        Entrance = new Door.Entrance(this);
        Vault = new Vault.Vault(Entrance.Forget);
        Vault.Sealed += PendingImports.Clear;
        Vault.Sealed += HeldEvidence.Clear;
    }

    /// <summary>Sheets uploaded on the web between the steps of their import: memory only, cleared at sealing.</summary>
    public Import.PendingImports PendingImports { get; } = new();

    /// <summary>Files chosen on case forms not yet saved: memory only, cleared at sealing.</summary>
    public Cases.HeldEvidence HeldEvidence { get; } = new();

    public DalelOptions Options { get; }

    /// <summary>
    /// The database handle, for Core's own plumbing (storage, vault, audit, members). Use cases reach organisation data
    /// through <see cref="Enter"/>; Web and the CLI cannot reach this at all.
    /// </summary>
    internal Database Database { get; }

    internal Door.Entrance Entrance { get; }

    /// <summary>The door: the scope's capability checked, the instance unsealed, and only its organisation's data inside.</summary>
    internal Result<Door.Unsealed> Enter(Members.OrgScope scope, Members.Capability capability) => Entrance.Enter(scope, capability);

    public Vault.Vault Vault { get; }

    /// <summary>Cases decrypted so far by the running unseal, for the page that waits for it.</summary>
    public Vault.UnsealProgress Unsealing { get; } = new();

    /// <summary>Wrong passphrases and shares so far, for the unseal lockout.</summary>
    internal Vault.UnsealAttempts UnsealAttempts { get; } = new();

    /// <summary>Image decodes run one at a time (previews, working copies): each may need hundreds of megabytes.</summary>
    internal SemaphoreSlim ImageJobs { get; } = new(1, 1);

    /// <summary>Memberships of signed-in members and failed sign-ins per name: memory only.</summary>
    internal Members.SignInState SignIns { get; } = new();

    /// <summary>How often each field device was used lately, to slow a stolen credential down.</summary>
    internal FieldCapture.DeviceUses FieldDeviceUses { get; } = new();

    public TimeProvider Clock { get; }

    public Catalog Catalog { get; } = Catalog.Default;

    public static DalelInstance Open(DalelOptions options, TimeProvider clock)
    {
        var tightened = new List<string>();
        if (PrivateFiles.Directory(options.DataDirectory))
        {
            tightened.Add(options.DataDirectory);
        }

        var file = Path.Combine(options.DataDirectory, "dalel.db");
        var sqlite = options.PostgresConnectionString is not { Length: > 0 };
        if (sqlite && !OperatingSystem.IsWindows() && !File.Exists(file))
        {
            // Made empty and the owner's alone before SQLite writes to it (an empty file is an empty database), so the
            // database and its -wal and -shm files, which take its mode, are never readable by others, not even until
            // the tightening below; and a new data directory reports nothing tightened.
            PrivateFiles.Create(file).Dispose();
        }

        var database = sqlite ? Database.Sqlite(file) : Database.Postgres(options.PostgresConnectionString!);
        database.Migrate();
        // SQLite creates its files with the process's umask (often 0644), and its -wal and -shm files take the mode of
        // the database file: tighten the database file and whatever of them exists.
        tightened.AddRange(new[] { file, file + "-wal", file + "-shm" }.Where(PrivateFiles.File));
        return new DalelInstance(options, database, clock) { Tightened = tightened };
    }

    /// <summary>Files or directories of the data directory that were readable by others and were made private on opening.</summary>
    public IReadOnlyList<string> Tightened { get; private init; } = [];

    /// <summary>Today by the instance's clock (UTC).</summary>
    internal DateOnly Today() => DateOnly.FromDateTime(Clock.GetUtcNow().UtcDateTime);

    public bool IsInitialised => Database.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM vault")) > 0;


    /// <summary>Seals on shutdown so keys and decrypted cases do not outlive the process in memory.</summary>
    public void Dispose() => Vault.Wipe();
}
