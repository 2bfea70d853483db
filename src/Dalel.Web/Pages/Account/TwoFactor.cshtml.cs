using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Localization;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Dalel.Web.Pages.Account;

/// <summary>
/// A member sets up, renews or turns off their second factor. The QR code is drawn on the server (no script, nothing
/// from another host); the pending secret rides in the form until the member's app proves it can read it.
/// </summary>
public sealed class TwoFactorModel(DalelInstance instance, Memberships memberships, DalelOptions options) : PageModel
{
    [BindProperty(SupportsGet = true)]
    public bool Required { get; set; }

    /// <summary>The entry's name in the authenticator app.</summary>
    [BindProperty(SupportsGet = true)]
    public string? AccountName { get; set; }

    [BindProperty]
    public string Secret { get; set; } = "";

    [BindProperty]
    public string Password { get; set; } = "";

    [BindProperty]
    public string Code { get; set; } = "";

    public SecondFactorStatus Status { get; private set; } = new(false, 0);

    public SecondFactorSetup? Setup { get; private set; }

    public string? QrDataUri { get; private set; }

    /// <summary>Shown once, right after they are made.</summary>
    public IReadOnlyList<string> RecoveryCodes { get; private set; } = [];

    public bool MayTurnOff => !(options.OwnersNeedSecondFactor && memberships.IsOwnerAnywhere(Member));

    private Guid Member => User.Id()!.Value;

    public void OnGet() => Load(SecondFactorSetup.New(AccountName));

    public IActionResult OnPostEnable()
    {
        var result = new EnableSecondFactor(instance).Run(Member, Password, Secret, Code);
        if (!result.IsOk)
        {
            Load(new SecondFactorSetup(Secret, string.IsNullOrWhiteSpace(AccountName) ? SecondFactorSetup.DefaultAccountName : AccountName.Trim()));
            return this.Show(result.Error!);
        }

        RecoveryCodes = result.Value;
        Load(null);
        return Page();
    }

    public IActionResult OnPostRenew()
    {
        var result = new RenewRecoveryCodes(instance).Run(Member, Password, Code);
        Load(null);
        if (!result.IsOk)
        {
            return this.Show(result.Error!);
        }

        RecoveryCodes = result.Value;
        Status = new GetSecondFactorStatus(instance).Run(Member);
        return Page();
    }

    public IActionResult OnPostDisable()
    {
        Load(null);
        if (!MayTurnOff)
        {
            ModelState.AddModelError("", L.T("twofactor.owners_keep"));
            return Page();
        }

        var result = new DisableSecondFactor(instance).Run(Member, Password, Code);
        return result.IsOk ? Redirect(OwnerSecondFactor.SetupPath) : this.Show(result.Error!);
    }

    private void Load(SecondFactorSetup? setup)
    {
        Status = new GetSecondFactorStatus(instance).Run(Member);
        if (!Status.Enabled)
        {
            Setup = setup ?? SecondFactorSetup.New(AccountName);
            using var generator = new QRCodeGenerator();
            using var data = generator.CreateQrCode(Setup.Uri, QRCodeGenerator.ECCLevel.M);
            QrDataUri = "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(6));
        }
    }
}
