namespace Dalel.Core.Vault;

/// <summary>
/// Locks unsealing after repeated wrong passphrases or shares, as sign-ins lock: five in a row lock it for fifteen
/// minutes (<see cref="DalelOptions.LockoutAttempts"/>, <see cref="DalelOptions.LockoutDuration"/>), during which even
/// the right passphrase is refused. Held in memory, per process: the guesser it stops is online (through the web
/// page or the control socket); whoever holds a copy of the data directory guesses offline against Argon2id instead,
/// which no counter can stop, and a counter on disk would be one more thing a raid reads.
/// </summary>
internal sealed class UnsealAttempts
{
    private readonly Lock _gate = new();
    private int _failed;
    private DateTimeOffset? _lockedUntil;

    /// <summary>When unsealing is locked, until when; null when an attempt may be made.</summary>
    public DateTimeOffset? LockedAt(DateTimeOffset now)
    {
        lock (_gate)
        {
            return _lockedUntil is { } until && until > now ? until : null;
        }
    }

    /// <summary>Counts a failure; returns the end of the lockout it starts, if it starts one.</summary>
    public DateTimeOffset? Failed(DateTimeOffset now, DalelOptions options)
    {
        lock (_gate)
        {
            _failed++;
            if (_failed < options.LockoutAttempts)
            {
                return null;
            }

            _failed = 0;
            _lockedUntil = now + options.LockoutDuration;
            return _lockedUntil;
        }
    }

    public void Succeeded()
    {
        lock (_gate)
        {
            _failed = 0;
            _lockedUntil = null;
        }
    }
}
