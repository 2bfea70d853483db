using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dalel.Core.Audit;

namespace Dalel.Core.Vault;

/// <summary>
/// How `dalel unseal` and `dalel seal` reach a running server: a Unix socket in the data directory, readable
/// only by the account that runs Dalel. One JSON request line, one reply line.
/// </summary>
public static class ControlChannel
{
    public const string FileName = "control.sock";

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

        listener.Listen(4);
        try
        {
            while (!stop.IsCancellationRequested)
            {
                using var client = await listener.AcceptAsync(stop);
                await using var stream = new NetworkStream(client);
                using var reader = new StreamReader(stream, Encoding.UTF8);
                await using var writer = new StreamWriter(stream, new UTF8Encoding(false)) { AutoFlush = true };
                var line = await reader.ReadLineAsync(stop);
                await writer.WriteLineAsync(Handle(instance, line));
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

        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
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
