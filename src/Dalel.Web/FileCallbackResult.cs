using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace Dalel.Web;

/// <summary>A download written straight into the response body, for files too large to build in memory first.</summary>
public sealed class FileCallbackResult(string contentType, string fileName, Func<Stream, ActionContext, Task> write) : FileResult(contentType)
{
    public override async Task ExecuteResultAsync(ActionContext context)
    {
        var response = context.HttpContext.Response;
        response.ContentType = ContentType;
        var disposition = new ContentDispositionHeaderValue("attachment");
        disposition.SetHttpFileName(fileName);
        response.Headers.ContentDisposition = disposition.ToString();
        await write(response.Body, context);
    }
}
