using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages;

/// <summary>Says what went wrong in general terms only: never an exception, a path or a value.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel : PageModel
{
    public int Code { get; private set; } = 500;

    public void OnGet([FromQuery] int? code) => Code = code ?? 500;

    /// <summary>Re-executed for a failed POST: the code comes from the query only, so a refused body is never read.</summary>
    public void OnPost([FromQuery] int? code) => Code = code ?? 500;
}
