using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;
using Dalel.Core.Vault;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace Dalel.Web.Tests.Support;

/// <summary>
/// The real web app over a real database (a fresh temporary data directory, or a fresh PostgreSQL schema), with two
/// organisations and one member of every role in each. Sealed at start, as in production.
/// </summary>
public sealed class DalelApp : WebApplicationFactory<Program>
{
    public const string Passphrase = "web test passphrase";
    public const string Password = "member-password";

    private readonly Action _dropSchema;
    private readonly IReadOnlyDictionary<string, string> _settings;

    /// <param name="settings">Extra configuration, e.g. Dalel:IntakeReportsPerMinute.</param>
    public DalelApp(Provider provider = Provider.Sqlite, IReadOnlyDictionary<string, string>? settings = null)
    {
        _settings = settings ?? new Dictionary<string, string>();
        DataDirectory = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
        (Postgres, _dropSchema) = provider == Provider.Postgres ? TestDatabases.NewPostgresSchema() : (null, () => { });
        Seed();
    }

    /// <summary>A second app on <paramref name="seeded"/>'s data, configured from the start with <paramref name="settings"/> (another node, or a restarted worker); <paramref name="seeded"/> keeps ownership of the data.</summary>
    public DalelApp(DalelApp seeded, IReadOnlyDictionary<string, string> settings)
    {
        _settings = settings;
        DataDirectory = seeded.DataDirectory;
        Postgres = seeded.Postgres;
        _dropSchema = () => { };
        KeepDataDirectory = true;
        OrgA = seeded.OrgA;
        OrgB = seeded.OrgB;
    }

    public string DataDirectory { get; }

    public string? Postgres { get; }

    /// <summary>Leave the data directory on disk after the app stops, for tests that inspect it.</summary>
    public bool KeepDataDirectory { get; set; }

    public CapturedLogs Logs { get; } = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    public DalelInstance Instance => Services.GetRequiredService<DalelInstance>();

    public Guid OrgA { get; private set; }

    public Guid OrgB { get; private set; }

    public static string Login(Role role, string org) => $"{role.ToString().ToLowerInvariant()}.{org}";

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("Dalel:DataDirectory", DataDirectory);
        builder.UseSetting("Dalel:Postgres", Postgres);
        // Most tests sign owners in with a password alone; SecondFactorTests turn the requirement on.
        builder.UseSetting("Dalel:OwnersNeedSecondFactor", "false");
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureServices(services =>
        {
            services.AddSingleton<ILoggerProvider>(Logs);
            services.AddSingleton<TimeProvider>(Clock);
            // Passwords hashed with the fast test parameters, as the seeded members were: a test-only setting lives here.
            services.AddSingleton(sp => Dalel.Web.Hosting.DalelServices.ReadOptions(sp.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>()) with { PasswordKdf = KdfParameters.Fast });
        });
    }

    private void Seed()
    {
        var instance = Instance;
        var init = new InitialiseVault(instance).Run(Passphrase, "Org A", new FirstOwner(Login(Role.Owner, "a"), "Owner A", Password), KdfParameters.Fast).Value;
        OrgA = init.OrganisationId;
        OrgB = new CreateOrganisation(instance).Run("Org B", "cli").Value;
        foreach (var role in Enum.GetValues<Role>())
        {
            if (role != Role.Owner)
            {
                new AddMember(instance).Run(OrgScope.Cli(OrgA), Login(role, "a"), $"{role} A", Password, role);
            }

            new AddMember(instance).Run(OrgScope.Cli(OrgB), Login(role, "b"), $"{role} B", Password, role);
        }

        new SealVault(instance).Run("cli");
    }

    public void Unseal() => new UnsealVault(Instance).Run(Passphrase, "cli");

    public static OrgScope Owner(Guid org) => new(org, "cli", Role.Owner);

    public Guid Org(string key) => key == "a" ? OrgA : OrgB;

    public async Task<WebBrowser> SignInAs(Role role, string org = "a")
    {
        var browser = new WebBrowser(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));
        var response = await browser.SubmitForm("/sign-in", "main form", new() { ["Login"] = Login(role, org), ["Password"] = Password });
        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        return browser;
    }

    public WebBrowser Anonymous() => new(CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true }));

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        if (disposing)
        {
            SqliteConnection.ClearAllPools();
            _dropSchema();
            if (KeepDataDirectory)
            {
                return;
            }

            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
