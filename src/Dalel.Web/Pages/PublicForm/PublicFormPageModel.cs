using Dalel.Core;
using Dalel.Core.Intake;
using Dalel.Web.Localization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Dalel.Web.Pages.PublicForm;

/// <summary>
/// Base of the public form's pages: the form at the route's address is found before any handler runs (a form that
/// is off or unknown answers 404), and its quick-exit target is handed to the layout.
/// </summary>
public abstract class PublicFormPageModel : PageModel
{
    [FromRoute]
    public string Slug { get; set; } = "";

    public IntakeSettings Form { get; private set; } = null!;

    protected DalelInstance Instance => HttpContext.RequestServices.GetRequiredService<DalelInstance>();

    [NonHandler]
    public override void OnPageHandlerExecuting(PageHandlerExecutingContext context)
    {
        var form = new FindIntakeForm(Instance).Run(Slug);
        if (!form.IsOk)
        {
            context.Result = NotFound();
            return;
        }

        Form = form.Value;
        ViewData["QuickExit"] = Form.QuickExitUrl;
    }

    /// <summary>The instance's limit for this minute is reached: the page again, with what was typed, and HTTP 429.</summary>
    protected PageResult Busy()
    {
        Response.StatusCode = StatusCodes.Status429TooManyRequests;
        ModelState.AddModelError("", L.T("intake.busy"));
        return Page();
    }
}
