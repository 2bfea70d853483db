using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;

namespace Dalel.Core.Vault;

/// <summary>
/// How `dalel unseal` and `dalel seal` reach a running server: a Unix socket in the data directory, readable
/// only by the account that runs Dalel. One JSON request line, one reply line. Each client is served on its own with a
/// time limit, so a client that holds the socket open or leaves before the reply neither blocks `dalel seal` nor stops
/// the server.
/// </summary>
public static class ControlChannel
{
    public const string FileName = "control.sock";

    /// <summary>How long one client may take to send its line and read the reply.</summary>
    public static readonly TimeSpan ClientTime = TimeSpan.FromSeconds(5);

    /// <summary>Largest request line accepted (a passphrase fits many times over).</summary>
    private const int MaxLine = 16 * 1024;

    private sealed record Request(string Command, string? Passphrase);

    public static async Task ServeAsync(DalelInstance instance, CancellationToken stop)
    {
        var path = Path.Combine(instance.Options.DataDirectory, FileName);
        File.Delete(path);
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(path));
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }

        listener.Listen(16);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                var client = await listener.AcceptAsync(stop);
                _ = ServeClientAsync(instance, client, stop);
            }
        }
        catch (OperationCanceledException)
        {
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>One client: its line within <see cref="ClientTime"/>, one reply; whatever it does ends here.</summary>
    private static async Task ServeClientAsync(DalelInstance instance, Socket client, CancellationToken stop)
    {
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            string? line;
            using (var reading = CancellationTokenSource.CreateLinkedTokenSource(stop))
            {
                reading.CancelAfter(ClientTime);
                line = await ReadLineAsync(stream, reading.Token);
            }

            // Unsealing may take as long as decrypting every case; the reply then gets its own time.
            var reply = Encoding.UTF8.GetBytes(Handle(instance, line) + "\n");
            using var writing = CancellationTokenSource.CreateLinkedTokenSource(stop);
            writing.CancelAfter(ClientTime);
            await stream.WriteAsync(reply, writing.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // A client that left, stalled or sent too much gets nothing more; the server goes on.
        }
        finally
        {
            client.Dispose();
        }
    }

    private static async Task<string?> ReadLineAsync(Stream stream, CancellationToken cancel)
    {
        var buffer = new MemoryStream();
        var one = new byte[1];
        while (buffer.Length < MaxLine)
        {
            if (await stream.ReadAsync(one, cancel) == 0)
            {
                break;
            }

            if (one[0] == (byte)'\n')
            {
                return Encoding.UTF8.GetString(buffer.ToArray());
            }

            buffer.WriteByte(one[0]);
        }

        return null;
    }

    private static string Handle(DalelInstance instance, string? line)
    {
        Request? request;
        try
        {
            request = line is null ? null : JsonSerializer.Deserialize<Request>(line, Json.Files);
        }
        catch (JsonException)
        {
            request = null;
        }

        switch (request?.Command)
        {
            case "unseal":
                var result = new UnsealVault(instance).Run(request.Passphrase ?? "", Actors.Cli);
                return result.IsOk ? "ok unsealed" : "error " + Text.Texts.Describe(result.Error!, "en");
            case "seal":
                new SealVault(instance).Run(Actors.Cli);
                return "ok sealed";
            case "status":
                return instance.Vault.IsSealed ? "ok sealed" : "ok unsealed";
            default:
                return "error unknown command";
        }
    }

    /// <summary>Sends one command to the server running on this data directory; null when none is running.</summary>
    public static string? Send(string dataDirectory, string command, string? passphrase = null)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
        {
            // Unsealing waits for every case to be decrypted; sealing answers at once.
            ReceiveTimeout = (int)TimeSpan.FromMinutes(5).TotalMilliseconds,
            SendTimeout = (int)ClientTime.TotalMilliseconds,
        };
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(path));
        }
        catch (SocketException)
        {
            return null;
        }

        using var stream = new NetworkStream(socket);
        using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
        using var reader = new StreamReader(stream, Encoding.UTF8);
        writer.WriteLine(JsonSerializer.Serialize(new Request(command, passphrase), Json.Files));
        return reader.ReadLine();
    }
}
