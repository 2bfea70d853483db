using Dalel.Core;
using Dalel.Core.Audit;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Vault;

/// <summary>Owners of any organisation may unseal; the passphrase itself is the instance's key.</summary>
public sealed class UnsealModel(DalelInstance instance, Memberships memberships, UnsealRun run, Microsoft.Extensions.Configuration.IConfiguration configuration) : PageModel
{
    /// <summary>The address of the page that shows a running unseal's progress.</summary>
    public const string ProgressUrl = "/vault/unseal?handler=Progress";

    [BindProperty]
    public string Passphrase { get; set; } = "";

    public bool Sealed => instance.Vault.IsSealed;

    /// <summary>True on the progress page: an unseal is running and the page refreshes itself.</summary>
    public bool InProgress { get; private set; }

    public long Opened => instance.Unsealing.Opened;

    public long Total => instance.Unsealing.Total;

    public IActionResult OnGet() => IsOwner() ? Page() : StatusCode(StatusCodes.Status403Forbidden);

    /// <summary>While an unseal runs: how far it got, refreshed by the page itself (no script); then where it ended.</summary>
    public IActionResult OnGetProgress()
    {
        if (!IsOwner())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        if (run.Running)
        {
            InProgress = true;
            return Page();
        }

        return run.Take(User.Id()!.Value) is { } outcome ? Outcome(outcome) : LocalRedirect(Sealed ? "/vault/unseal" : "/");
    }

    public IActionResult OnPost()
    {
        if (!IsOwner())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var member = User.Id()!.Value;
        var passphrase = Passphrase;
        var outcome = run.Start(member, () => new UnsealVault(instance).Run(passphrase, Actors.Member(member)), Wait);
        return outcome is { } done ? Outcome(done) : LocalRedirect(ProgressUrl);
    }

    /// <summary>How long the unseal's own request waits before showing the progress page (Dalel:UnsealWaitMilliseconds).</summary>
    private TimeSpan Wait => TimeSpan.FromMilliseconds(configuration.GetValue("Dalel:UnsealWaitMilliseconds", 3000));

    private IActionResult Outcome(Result<Done> outcome)
    {
        if (!outcome.IsOk)
        {
            return this.Show(outcome.Error!);
        }

        TempData["Done"] = Localization.L.T("vault.unsealed_done");
        return LocalRedirect("/");
    }

    /// <summary>Key holders unseal together: each gives their share number and passphrase (blank rows are ignored).</summary>
    public IActionResult OnPostShares(List<int?> share, List<string?> holderPassphrase)
    {
        if (!IsOwner())
        {
            return StatusCode(StatusCodes.Status403Forbidden);
        }

        var given = share.Zip(holderPassphrase).Where(g => g.First is not null && !string.IsNullOrEmpty(g.Second)).Select(g => (g.First!.Value, g.Second!)).ToList();
        var result = new UnsealWithShares(instance).Run(given, Actors.Member(User.Id()!.Value));
        // Shown in the page's summary: the form has no field the message could sit beside.
        return result.IsOk ? LocalRedirect("/") : this.Show(result.Error!, fieldName: _ => "");
    }

    private bool IsOwner() => User.Id() is { } m && memberships.IsOwnerAnywhere(m);
}
