using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Api;

/// <summary>What an API token may do. Each grants capabilities of the organisation's own rules; identities never go out.</summary>
public static class ApiScopes
{
    /// <summary>Cases' coded facts (vocabulary choices, region, dates): what an analyst sees.</summary>
    public const string ReadCoded = "coded:read";

    /// <summary>Cases with titles and narratives (never names, contacts or files).</summary>
    public const string ReadCases = "cases:read";

    /// <summary>Create and update cases (reading them too).</summary>
    public const string WriteCases = "cases:write";

    /// <summary>Statistics tables with disclosure protection, and estimates; nothing case by case.</summary>
    public const string Statistics = "statistics:read";

    public static IReadOnlyList<string> All { get; } = [ReadCoded, ReadCases, WriteCases, Statistics];

    public static IReadOnlySet<Capability> Capabilities(IEnumerable<string> scopes) => scopes.SelectMany(s => s switch
    {
        ReadCoded => [Capability.ReadCodedFacts],
        ReadCases => [Capability.ReadCodedFacts, Capability.ReadNarratives],
        WriteCases => [Capability.ReadCodedFacts, Capability.ReadNarratives, Capability.WriteCases],
        // Tables are computed from coded facts; the API layer gives a statistics-only token protected tables only.
        Statistics => new[] { Capability.ReadCodedFacts },
        _ => [],
    }).ToHashSet();
}

/// <summary>An organisation's API token as listed: never its secret, which is shown once and kept only as a hash.</summary>
public sealed record ApiToken(Guid Id, string Name, IReadOnlyList<string> Scopes, DateTimeOffset CreatedAt, string CreatedBy, DateTimeOffset ExpiresAt, DateTimeOffset? RevokedAt)
{
    public bool Active(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

/// <summary>A new token and its secret, to show once.</summary>
public sealed record CreatedApiToken(ApiToken Token, string Secret);

/// <summary>Who a valid token acts as: the organisation, its scopes, and a scope limited to what they grant.</summary>
public sealed record ApiCaller(ApiToken Token, OrgScope Scope)
{
    public bool Has(string scope) => Token.Scopes.Contains(scope);
}

/// <summary>
/// Tokens are sealed documents under the organisation's data key, with the SHA-256 of their secret (256 random bits,
/// so a plain hash suffices). The token the client holds names its organisation and id, so checking it reads one row.
/// </summary>
internal static class ApiTokenStore
{
    public const string Kind = "api-token";
    public const string Prefix = "dalel";

    internal sealed record Stored(ApiToken Token, string SecretSha256);

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static string Format(Guid org, Guid id, string secret) => $"{Prefix}.{org:N}.{id:N}.{secret}";

    public static bool TryParse(string token, out Guid org, out Guid id, out string secret)
    {
        org = id = Guid.Empty;
        secret = "";
        var parts = token.Split('.');
        if (parts is not [Prefix, var o, var i, var s] || !Guid.TryParseExact(o, "N", out org) || !Guid.TryParseExact(i, "N", out id) || s.Length != 43)
        {
            return false;
        }

        secret = s;
        return true;
    }
}

public sealed class CreateApiToken(DalelInstance instance)
{
    public const int MaxDays = 366;

    public Result<CreatedApiToken> Run(OrgScope scope, string name, IReadOnlyList<string> scopes, int days)
    {
        var opened = instance.Enter(scope, Capability.ManageMembers);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var errors = new List<FieldError>();
        name = name.Trim();
        if (name.Length == 0)
        {
            errors.Add(new FieldError("Name", "error.required"));
        }
        else if (name.Length > 100)
        {
            errors.Add(new FieldError("Name", "error.too_long", "100"));
        }

        if (scopes.Count == 0 || scopes.Any(s => !ApiScopes.All.Contains(s)))
        {
            errors.Add(new FieldError("Scopes", "error.api_scopes"));
        }

        if (days is < 1 or > MaxDays)
        {
            errors.Add(new FieldError("Days", "error.api_days", MaxDays.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }

        if (errors.Count > 0)
        {
            return new Invalid(errors);
        }

        var open = opened.Value;
        var secret = Base64Url(RandomNumberGenerator.GetBytes(32));
        var token = new ApiToken(Guid.NewGuid(), name, scopes.Distinct().ToList(), open.Now, scope.Actor, open.Now.AddDays(days), null);
        open.Change(AuditAction.ApiTokenCreated, token.Id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DataKey, ApiTokenStore.Kind, open.Organisation, token.Id, new ApiTokenStore.Stored(token, ApiTokenStore.Hash(secret)), 0));
        return new CreatedApiToken(token, ApiTokenStore.Format(open.Organisation, token.Id, secret));
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public sealed class ListApiTokens(DalelInstance instance)
{
    public Result<IReadOnlyList<ApiToken>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ManageMembers);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        return open.Read(c => SealedDocuments.List<ApiTokenStore.Stored>(c, null, open.DataKey, ApiTokenStore.Kind, open.Organisation))
            .Select(d => d.Value.Token).OrderByDescending(t => t.CreatedAt).ToList();
    }
}

public sealed class RevokeApiToken(DalelInstance instance)
{
    public Result<Done> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.ManageMembers);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        var open = opened.Value;
        var found = open.Read(c => SealedDocuments.Find<ApiTokenStore.Stored>(c, null, open.DataKey, ApiTokenStore.Kind, open.Organisation, id));
        if (found is null)
        {
            return new NotFound();
        }

        if (found.Value.Token.RevokedAt is not null)
        {
            return Done.Value;
        }

        var revoked = found.Value with { Token = found.Value.Token with { RevokedAt = open.Now } };
        return open.Change(AuditAction.ApiTokenRevoked, id.ToString("D"), (c, t) =>
            SealedDocuments.Save(c, t, open.DataKey, ApiTokenStore.Kind, open.Organisation, id, revoked, found.Version))
            ? Done.Value
            : new EditConflict();
    }
}

/// <summary>
/// Checks a bearer token: well formed, of an existing organisation, its secret's hash matching (in constant time),
/// not expired nor revoked. Null for any failure, without saying which (nothing to probe). Each use is audited
/// (the token's id and the request's kind, never what was asked or answered).
/// </summary>
public sealed class AuthenticateApiToken(DalelInstance instance)
{
    public Result<ApiCaller?> Run(string? bearer, string use)
    {
        if (bearer is null || !ApiTokenStore.TryParse(bearer, out var org, out var id, out var secret))
        {
            return (ApiCaller?)null;
        }

        var probe = instance.Enter(new OrgScope(org, $"{Actors.ApiToken}{id:D}", Role.Owner), Capability.ReadCodedFacts);
        if (!probe.IsOk)
        {
            return probe.Error is VaultSealed ? probe.Error : (ApiCaller?)null;
        }

        var open = probe.Value;
        if (open.Read(c => c.Scalar<long>(null, "SELECT COUNT(*) FROM organisations WHERE id = @id", ("id", org))) == 0)
        {
            return (ApiCaller?)null;
        }

        var stored = open.Read(c => SealedDocuments.Find<ApiTokenStore.Stored>(c, null, open.DataKey, ApiTokenStore.Kind, org, id))?.Value;

        if (stored is null
            || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored.SecretSha256), Encoding.ASCII.GetBytes(ApiTokenStore.Hash(secret)))
            || !stored.Token.Active(open.Now))
        {
            return (ApiCaller?)null;
        }

        var scope = new OrgScope(org, $"{Actors.ApiToken}{id:D}", Role.Owner) { Granted = ApiScopes.Capabilities(stored.Token.Scopes) };
        open.Audit(use, id.ToString("D"));
        return new ApiCaller(stored.Token, scope);
    }
}
