using System.Security.Claims;

namespace Dalel.Web.Security;

/// <summary>The signed-in member's id: the only thing the session cookie holds besides when it was issued.</summary>
public static class SignedInMember
{
    public const string IssuedClaim = "dalel:issued";

    /// <summary>When the member last typed their password: at sign-in, or again on the confirmation page.</summary>
    public const string ConfirmedClaim = "dalel:confirmed";

    /// <summary>How long a typed password counts for sensitive actions.</summary>
    public static readonly TimeSpan ConfirmationLifetime = TimeSpan.FromMinutes(10);

    public static bool RecentlyConfirmed(this ClaimsPrincipal user, DateTimeOffset now) =>
        long.TryParse(user.FindFirstValue(ConfirmedClaim) ?? user.FindFirstValue(IssuedClaim), out var seconds)
        && now - DateTimeOffset.FromUnixTimeSeconds(seconds) <= ConfirmationLifetime;

    public static Guid? Id(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static ClaimsPrincipal Principal(Guid memberId, DateTimeOffset issued, DateTimeOffset? confirmed = null) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, memberId.ToString("D")),
            new Claim(IssuedClaim, issued.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
            new Claim(ConfirmedClaim, (confirmed ?? issued).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme));
}
