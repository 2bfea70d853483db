using System.Security.Claims;

namespace Dalel.Web.Security;

/// <summary>The signed-in member's id: the only thing the session cookie holds besides when it was issued.</summary>
public static class SignedInMember
{
    public const string IssuedClaim = "dalel:issued";

    public static Guid? Id(this ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static ClaimsPrincipal Principal(Guid memberId, DateTimeOffset issued) => new(new ClaimsIdentity(
        [
            new Claim(ClaimTypes.NameIdentifier, memberId.ToString("D")),
            new Claim(IssuedClaim, issued.ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ],
        Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationDefaults.AuthenticationScheme));
}
