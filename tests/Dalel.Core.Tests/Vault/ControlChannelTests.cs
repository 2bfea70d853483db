using System.Diagnostics;
using System.Net.Sockets;
using Dalel.Core.Tests.Support;
using Dalel.Core.Vault;

namespace Dalel.Core.Tests.Vault;

public sealed class ControlChannelTests
{
    [Fact]
    public async Task A_client_that_holds_the_socket_or_leaves_early_neither_blocks_sealing_nor_stops_the_server()
    {
        Assert.SkipWhen(OperatingSystem.IsWindows(), "Unix sockets");
        using var test = TestInstance.Create();
        new UnsealVault(test.Instance).Run(TestInstance.Passphrase, "test");
        using var stop = new CancellationTokenSource();
        var serving = ControlChannel.ServeAsync(test.Instance, stop.Token);
        var path = Path.Combine(test.Directory, ControlChannel.FileName);
        for (var i = 0; i < 100 && !File.Exists(path); i++)
        {
            await Task.Delay(20);
        }

        // Hostile clients: three that connect and say nothing, one that asks and leaves before the reply.
        var holders = Enumerable.Range(0, 3).Select(_ => Connect(path)).ToList();
        using (var leaver = Connect(path))
        {
            leaver.Send("{\"command\":\"status\"}\n"u8.ToArray());
        }

        var watch = Stopwatch.StartNew();
        // A regression would make this wait forever: fail after half a minute instead.
        var sealedReply = await Task.Run(() => ControlChannel.Send(test.Directory, "seal")).WaitAsync(TimeSpan.FromSeconds(30));
        watch.Stop();

        Assert.Equal("ok sealed", sealedReply);
        Assert.True(test.Instance.Vault.IsSealed);
        Assert.True(watch.Elapsed < ControlChannel.ClientTime, $"sealing waited {watch.Elapsed} behind other clients");
        Assert.False(serving.IsCompleted, "the server's control channel stopped");
        Assert.Equal("ok sealed", await Task.Run(() => ControlChannel.Send(test.Directory, "status")).WaitAsync(TimeSpan.FromSeconds(30)));

        foreach (var holder in holders)
        {
            holder.Dispose();
        }

        await stop.CancelAsync();
        await serving;
    }

    private static Socket Connect(string path)
    {
        var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(path));
        return socket;
    }
}
