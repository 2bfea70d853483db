using Dalel.Core;
using Dalel.Core.Vault;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Dalel.Web.Tests.Browser;

/// <summary>The real server on a free loopback port with its own data directory, for a real browser to visit.</summary>
internal sealed class LoopbackServer : IAsyncDisposable
{
    private readonly string _data = Path.Combine(Path.GetTempPath(), "dalel-tests", Guid.NewGuid().ToString("N"));
    private readonly WebApplication _app;

    public LoopbackServer(params string[] settings)
    {
        // The options are given whole, so the one setting they carry that a test may change is read here.
        var secondFactor = !settings.Contains("--Dalel:OwnersNeedSecondFactor=false");
        _app = DalelWebApp.Create(settings, new DalelOptions { DataDirectory = _data, PasswordKdf = KdfParameters.Fast, OwnersNeedSecondFactor = secondFactor }, "http://127.0.0.1:0");
    }

    public DalelInstance Instance => _app.Services.GetRequiredService<DalelInstance>();

    public string Address => _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

    public Task StartAsync() => _app.StartAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnection.ClearAllPools();
        if (Directory.Exists(_data))
        {
            Directory.Delete(_data, recursive: true);
        }
    }
}
