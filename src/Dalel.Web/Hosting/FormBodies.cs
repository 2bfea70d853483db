using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http.Features;

namespace Dalel.Web.Hosting;

/// <summary>
/// Posted forms are read here, before antiforgery or model binding, so that nothing a person types makes ASP.NET
/// answer a bare 400 and lose it. NUL characters (which ASP.NET's form reader refuses, and which no text of ours can
/// hold: PostgreSQL text and Word's XML both refuse them) are removed; there is no per-field length limit below the
/// body limit, so an over-long field reaches the use case, which names the field and its limit and shows the form
/// again with everything typed. Only a body over <see cref="MaxBodyBytes"/> — far beyond any form's text, and more than
/// the most files any form takes — is refused before it is read, with a page that says so.
/// </summary>
internal static class FormBodies
{
    /// <summary>
    /// The public form's three files of 10 MiB, or one evidence file of 25 MB, with room for the text and some over, so
    /// a slightly too large file still reaches the use case and gets a message with the answers kept.
    /// </summary>
    public const long MaxBodyBytes = 40L * 1024 * 1024;


    public static IApplicationBuilder UseFormBodies(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        // The error page re-executed for a refused body must not read it either.
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType || context.Features.Get<IStatusCodeReExecuteFeature>() is not null)
        {
            await next(context);
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
        {
            size.MaxRequestBodySize = MaxBodyBytes;
        }

        if (context.Request.ContentLength > MaxBodyBytes || !await Clean(context))
        {
            context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
            return;
        }

        await next(context);
    });

    /// <summary>False when the body turns out larger than the limit.</summary>
    private static async Task<bool> Clean(HttpContext context)
    {
        try
        {
            if (context.Request.ContentType!.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                using var buffer = new MemoryStream();
                var chunk = new byte[81920];
                int read;
                while ((read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
                {
                    if (buffer.Length + read > MaxBodyBytes)
                    {
                        return false;
                    }

                    buffer.Write(chunk, 0, read);
                }

                var cleaned = WithoutNul(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
                context.Request.Body = new MemoryStream(cleaned, writable: false);
                context.Request.ContentLength = cleaned.Length;
                return true;
            }

            // Multipart: files keep every byte; text values lose their NULs.
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            if (form.Any(f => f.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true)))
            {
                var values = form.ToDictionary(f => f.Key, f => new Microsoft.Extensions.Primitives.StringValues([.. f.Value.Select(v => v?.Replace("\0", "", StringComparison.Ordinal))]));
                context.Features.Set<IFormFeature>(new FormFeature(new FormCollection(values, form.Files)));
            }

            return true;
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return false;
        }
        catch (InvalidDataException)
        {
            // Multipart beyond the body length limit.
            return false;
        }
    }

    /// <summary>The url-encoded body without NULs: raw bytes and their %00 escapes.</summary>
    private static byte[] WithoutNul(ReadOnlySpan<byte> body)
    {
        var output = new byte[body.Length];
        var n = 0;
        for (var i = 0; i < body.Length; i++)
        {
            if (body[i] == 0)
            {
                continue;
            }

            if (body[i] == (byte)'%' && i + 2 < body.Length && body[i + 1] == (byte)'0' && body[i + 2] == (byte)'0')
            {
                i += 2;
                continue;
            }

            output[n++] = body[i];
        }

        return output[..n];
    }
}
