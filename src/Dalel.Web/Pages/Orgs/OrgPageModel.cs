using System.Globalization;
using Dalel.Core;
using Dalel.Core.Members;
using Dalel.Web.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.Orgs;

/// <summary>
/// Base of every page under /o/{org}: the scope comes from <see cref="OrgMemberPolicy"/> (route + stored membership),
/// a sealed instance sends the user to the sealed page before any handler runs, and each handler's
/// <see cref="RequiresAttribute"/> capability is checked before it runs. A request naming no handler of the page is
/// "not found".
/// </summary>
public abstract class OrgPageModel : PageModel
{
    public OrgScope Scope => HttpContext.OrgScope();

    public Guid OrgId => Scope.OrganisationId;

    protected DalelInstance Instance => HttpContext.RequestServices.GetRequiredService<DalelInstance>();

    private IReadOnlyList<Dalel.Core.Places.Country>? _countries;

    /// <summary>The States the organisation documents, the default one first: what its forms and filters offer.</summary>
    public IReadOnlyList<Dalel.Core.Places.Country> OrgCountries => _countries ??=
        new Dalel.Core.Organisations.ListOrganisations(Instance).CountriesOf(OrgId)
        .Select(c => Dalel.Core.Vocabularies.Catalog.Default.Geography.FindCountry(c)).OfType<Dalel.Core.Places.Country>().ToList();

    /// <summary>A yyyy-mm-dd (or dd.mm.yyyy) query value; a bad one is a message beside its field, not an error page.</summary>
    protected DateOnly? DateField(string field, string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), ["yyyy-MM-dd", "dd.MM.yyyy"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        ModelState.AddModelError(field, Localization.L.T("error.date_invalid"));
        return null;
    }

    /// <summary>A link to a page of this organisation with the current query, some parameters replaced.</summary>
    protected string LinkWithQuery(string page, params (string Name, string Value)[] replace)
    {
        var kept = Request.Query.Where(q => replace.All(r => r.Name != q.Key)).SelectMany(q => q.Value.Select(v => (Name: q.Key, Value: v ?? "")));
        var parts = kept.Concat(replace).Select(p => $"{Uri.EscapeDataString(p.Name)}={Uri.EscapeDataString(p.Value)}");
        return $"/o/{OrgId}/{page}?{string.Join('&', parts)}";
    }

    /// <summary>
    /// Sensitive actions need the password typed within the last ten minutes: a session left open on a seized laptop
    /// does not reveal names, files or change members. Null when recent enough; else the redirect to confirm it.
    /// </summary>
    protected IActionResult? RequireRecentPassword() =>
        User.RecentlyConfirmed(HttpContext.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow())
            ? null
            : Redirect("/account/confirm?ReturnUrl=" + Uri.EscapeDataString(Request.Path + (HttpMethods.IsGet(Request.Method) ? Request.QueryString.Value : "")));

    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        if (context.HandlerMethod is not { } handler)
        {
            context.Result = NotFound();
            return;
        }

        if (Instance.Vault.IsSealed)
        {
            context.Result = HttpMethods.IsPost(Request.Method) ? RedirectToPage("/Sealed", new { unsaved = "true" }) : RedirectToPage("/Sealed");
            return;
        }

        var required = handler.MethodInfo.GetCustomAttributes(typeof(RequiresAttribute), false).OfType<RequiresAttribute>().SingleOrDefault()
            ?? throw new InvalidOperationException($"{GetType().Name}.{handler.MethodInfo.Name} declares no [Requires] capability.");
        if (!Scope.Can(required.Capability))
        {
            context.Result = StatusCode(StatusCodes.Status403Forbidden);
        }
    }
}
