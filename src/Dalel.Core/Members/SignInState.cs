using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace Dalel.Core.Members;

/// <summary>
/// What sign-in keeps in the server's memory, never on disk: the memberships of members signed in since the process
/// started (the only source while the instance is sealed, when the directory cannot be read), the name each signed in
/// with (to check their password again: the database holds no name), and failed attempts per name for the lockout,
/// counted under a keyed hash of the name made with a key drawn at start.
/// A failed attempt cannot be tied to an account on disk (the database cannot tell which name was meant), hence the
/// per-name count lives here; a restart clears it, and the instance-wide limit of sign-ins a minute still holds.
/// </summary>
internal sealed class SignInState
{
    private readonly byte[] _nameKey = RandomNumberGenerator.GetBytes(32);
    private readonly ConcurrentDictionary<Guid, IReadOnlyList<Membership>> _memberships = new();
    private readonly ConcurrentDictionary<Guid, string> _names = new();
    private readonly ConcurrentDictionary<string, (int Failed, DateTimeOffset? LockedUntil)> _attempts = new();

    public IReadOnlyList<Membership> MembershipsOf(Guid member) => _memberships.GetValueOrDefault(member) ?? [];

    /// <summary>The sign-in name a member used, for checking their password again (the database holds no name).</summary>
    public string? NameOf(Guid member) => _names.GetValueOrDefault(member);

    public void RememberName(Guid member, string login) => _names[member] = PasswordHash.NormaliseLogin(login);

    public void Remember(Guid member, IReadOnlyList<Membership> memberships)
    {
        if (memberships.Count == 0)
        {
            _memberships.TryRemove(member, out _);
            _names.TryRemove(member, out _);
        }
        else
        {
            _memberships[member] = memberships;
        }
    }

    public DateTimeOffset? LockedAt(string login, DateTimeOffset now) =>
        _attempts.TryGetValue(Key(login), out var a) && a.LockedUntil is { } until && until > now ? until : null;

    /// <summary>Counts a failure for the name; returns the end of the lockout it starts, if it starts one.</summary>
    public DateTimeOffset? Failed(string login, DateTimeOffset now, DalelOptions options)
    {
        var key = Key(login);
        var updated = _attempts.AddOrUpdate(key, (1, null), (_, a) => (a.LockedUntil is { } u && u > now ? a.Failed : a.Failed + 1, a.LockedUntil is { } u2 && u2 > now ? u2 : null));
        if (updated.Failed < options.LockoutAttempts)
        {
            return null;
        }

        var until = now + options.LockoutDuration;
        _attempts[key] = (0, until);
        return until;
    }

    public void Succeeded(string login) => _attempts.TryRemove(Key(login), out _);

    private string Key(string login) => Convert.ToHexStringLower(HMACSHA256.HashData(_nameKey, Encoding.UTF8.GetBytes(PasswordHash.NormaliseLogin(login))));
}
