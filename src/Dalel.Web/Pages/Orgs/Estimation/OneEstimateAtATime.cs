namespace Dalel.Web.Pages.Orgs.Estimation;

/// <summary>
/// One estimate at a time in the whole instance: a model run takes a core, and sign-in and the public form must keep
/// the other. Others asking meanwhile are told to try again. One per running app, not a static: a process hosting
/// several apps (the tests) made one app's estimate refuse another's.
/// </summary>
public sealed class OneEstimateAtATime
{
    public SemaphoreSlim Gate { get; } = new(1, 1);
}
