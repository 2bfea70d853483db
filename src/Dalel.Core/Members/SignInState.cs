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
    private const int MaxNames = 10_000;
    private readonly Lock _gate = new();
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
        // A sprayer of invented names must not grow this without end: past MaxNames, every name not locked now is
        // forgotten (its count starts again). At the instance-wide 30 sign-ins a minute that takes hours to reach.
        if (_attempts.Count > MaxNames)
        {
            foreach (var stale in _attempts.Where(a => !(a.Value.LockedUntil > now)).ToList())
            {
                _attempts.TryRemove(stale);
            }
        }

        var key = Key(login);
        lock (_gate)
        {
            var (failed, until) = _attempts.GetValueOrDefault(key);
            if (until > now)
            {
                return null;
            }

            if (failed + 1 < options.LockoutAttempts)
            {
                _attempts[key] = (failed + 1, null);
                return null;
            }

            _attempts[key] = (0, now + options.LockoutDuration);
            return now + options.LockoutDuration;
        }
    }

    public void Succeeded(string login) => _attempts.TryRemove(Key(login), out _);

    /// <summary>How many names have a count or a lockout (for the test that it stays bounded).</summary>
    internal int Names => _attempts.Count;

    private string Key(string login) => Convert.ToHexStringLower(HMACSHA256.HashData(_nameKey, Encoding.UTF8.GetBytes(PasswordHash.NormaliseLogin(login))));
}
