using Dalel.Core;
using Dalel.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web;

/// <summary>The one place where expected failures become HTTP responses or form messages.</summary>
public static class Failures
{
    /// <param name="fieldPrefix">Prefix of the bound form model, so field errors show beside their inputs.</param>
    /// <param name="fieldName">Maps a Core field name to the form's, where they differ.</param>
    public static IActionResult Show(this PageModel page, Error error, string fieldPrefix = "", Func<string, string>? fieldName = null)
    {
        switch (error)
        {
            case NotFound:
                return page.NotFound();
            case Forbidden:
                return page.StatusCode(StatusCodes.Status403Forbidden);
            case VaultSealed:
                // A form sent while sealed was not saved: the sealed page says so.
                return HttpMethods.IsPost(page.Request.Method) ? page.RedirectToPage("/Sealed", new { unsaved = "true" }) : page.RedirectToPage("/Sealed");
            case Invalid invalid:
                foreach (var e in invalid.Errors)
                {
                    var field = fieldName?.Invoke(e.Field) ?? e.Field;
                    page.ModelState.AddModelError(fieldPrefix.Length == 0 ? field : $"{fieldPrefix}.{field}", Dalel.Core.Text.Texts.Describe(e, L.Lang));
                }

                return page.Page();
            default:
                page.ModelState.AddModelError("", L.Error(error));
                return page.Page();
        }
    }
}
