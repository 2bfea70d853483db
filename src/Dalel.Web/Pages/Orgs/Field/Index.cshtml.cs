using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Dalel.Core.FieldCapture;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using QRCoder;

namespace Dalel.Web.Pages.Orgs.Field;

/// <summary>
/// Field apps (ODK Collect, KoboCollect, Tella): owners turn capture on and give each phone its own credential (shown
/// once, with the QR code ODK Collect scans), revoke a lost one; documenters open what phones sent into the report queue.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    [BindProperty]
    public string Label { get; set; } = "";

    public FieldCaptureState State { get; private set; } = new(false, false, 0, 0, []);

    public IReadOnlyList<FieldDevice> Devices { get; private set; } = [];

    /// <summary>The credential just issued, in this response only.</summary>
    public (string Server, string User, string Password, string Qr)? Issued { get; private set; }

    public FieldOpening? Opening { get; private set; }

    public bool CanConfigure => Scope.Can(Capability.ConfigureIntake);

    [Requires(Capability.HandleIntake)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ConfigureIntake)]
    public IActionResult OnPostEnable(bool on)
    {
        var done = new EnableFieldCapture(Instance).Run(Scope, on);
        return done.IsOk ? Redirect(FieldRoutes.Index(OrgId)) : Shown(done.Error!);
    }

    [Requires(Capability.ConfigureIntake)]
    public IActionResult OnPostIssue()
    {
        if (RequireRecentPassword() is { } confirm)
        {
            return confirm;
        }

        var issued = new IssueFieldDevice(Instance).Run(Scope, Label);
        if (!issued.IsOk)
        {
            return Shown(issued.Error!);
        }

        var server = FieldRoutes.Server(Request, OrgId);
        var user = issued.Value.Device.Id.ToString("D");
        Issued = (server, user, issued.Value.Secret, CollectQr(server, user, issued.Value.Secret));
        Label = "";
        ModelState.Clear();
        Response.Headers.CacheControl = "no-store";
        return Load();
    }

    [Requires(Capability.ConfigureIntake)]
    public IActionResult OnPostRevoke(Guid id)
    {
        var revoked = new RevokeFieldDevice(Instance).Run(Scope, id);
        return revoked.IsOk ? Redirect(FieldRoutes.Index(OrgId)) : Shown(revoked.Error!);
    }

    [Requires(Capability.HandleIntake)]
    public IActionResult OnPostOpen()
    {
        var opened = new OpenFieldSubmissions(Instance).Run(Scope, Localization.L.Lang);
        if (!opened.IsOk)
        {
            return Shown(opened.Error!);
        }

        Opening = opened.Value;
        return Load();
    }

    /// <summary>
    /// ODK Collect's settings QR code: its JSON settings (server, user name, password), zlib-compressed and in base64.
    /// Whoever photographs it has the phone's credential, which is why it is shown once.
    /// </summary>
    internal static string CollectQr(string server, string user, string password)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(CollectSettings(server, user, password), QRCodeGenerator.ECCLevel.L);
        return "data:image/png;base64," + Convert.ToBase64String(new PngByteQRCode(data).GetGraphic(5));
    }

    /// <summary>What the QR code holds: ODK Collect's settings JSON, zlib-compressed, in base64.</summary>
    internal static string CollectSettings(string server, string user, string password)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            general = new { server_url = server, username = user, password },
            admin = new { },
            project = new { name = "Dalel" },
        });
        using var compressed = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(json);
        }

        return Convert.ToBase64String(compressed.ToArray());
    }

    private IActionResult Shown(Dalel.Core.Error error)
    {
        var shown = this.Show(error);
        return shown is PageResult ? Load() : shown;
    }

    private IActionResult Load()
    {
        var state = new GetFieldCapture(Instance).Run(Scope);
        if (!state.IsOk)
        {
            return this.Show(state.Error!);
        }

        State = state.Value;
        if (CanConfigure && new ListFieldDevices(Instance).Run(Scope) is { IsOk: true } devices)
        {
            Devices = devices.Value;
        }

        return Page();
    }
}
