using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Dalel.Core.Audit;

/// <param name="Actor">"member:&lt;id&gt;", "cli" for a passphrase holder at the command line, or "anonymous".</param>
public sealed record AuditEntry(long Seq, DateTimeOffset At, string Actor, string Action, Guid? OrgId, string? RecordId, string PrevHash, string Hash)
{
    public const string Genesis = "0000000000000000000000000000000000000000000000000000000000000000";

    public static string ComputeHash(long seq, DateTimeOffset at, string actor, string action, Guid? orgId, string? recordId, string prevHash)
    {
        // Unit separators keep fields from running into each other ("a"+"bc" vs "ab"+"c").
        var canonical = string.Join('\u001f',
            seq.ToString(CultureInfo.InvariantCulture),
            at.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
            actor,
            action,
            orgId?.ToString("D") ?? "",
            recordId ?? "",
            prevHash);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }
}

public static class Actors
{
    public const string Cli = "cli";
    public const string Anonymous = "anonymous";

    /// <summary>The process itself, e.g. sealing on shutdown.</summary>
    public const string System = "system";

    /// <summary>An API token, followed by its id.</summary>
    public const string ApiToken = "token:";

    public static string Member(Guid id) => $"member:{id:D}";
}
