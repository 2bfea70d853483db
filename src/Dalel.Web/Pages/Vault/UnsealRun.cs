using Dalel.Core;

namespace Dalel.Web.Pages.Vault;

/// <summary>
/// The unseal an owner started, run beside the request so a long one (tens of seconds on a large instance) can be
/// watched on a page that refreshes itself. One at a time; its outcome goes to the owner who started it, once.
/// </summary>
public sealed class UnsealRun
{
    private readonly Lock _gate = new();
    private Task<Result<Done>>? _task;
    private Guid _member;

    public bool Running
    {
        get
        {
            lock (_gate)
            {
                return _task is { IsCompleted: false };
            }
        }
    }

    /// <summary>Starts the unseal unless one is running, and waits for it up to <paramref name="wait"/>.</summary>
    public Result<Done>? Start(Guid member, Func<Result<Done>> unseal, TimeSpan wait)
    {
        Task<Result<Done>> task;
        lock (_gate)
        {
            if (_task is not { IsCompleted: false })
            {
                _member = member;
                _task = Task.Run(unseal);
            }

            task = _task;
        }

        task.Wait(wait);
        return Take(member);
    }

    /// <summary>The finished outcome for the owner who started it (null while running, or for anyone else).</summary>
    public Result<Done>? Take(Guid member)
    {
        lock (_gate)
        {
            if (_task is not { IsCompleted: true } done || _member != member)
            {
                return null;
            }

            _task = null;
            // An exception is a bug: it surfaces as one, on the page of the owner who started the unseal.
            return done.GetAwaiter().GetResult();
        }
    }
}
