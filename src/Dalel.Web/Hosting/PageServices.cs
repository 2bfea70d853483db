using Dalel.Core;
using Dalel.Web.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Http.Features;

namespace Dalel.Web.Hosting;

/// <summary>Razor Pages with Dalel's conventions, forms that keep uploads in memory, and the cookie key ring.</summary>
internal static class PageServices
{
    public static IServiceCollection AddDalelPages(this IServiceCollection services)
    {
        services.AddRazorPages(o =>
        {
            o.Conventions.AuthorizeFolder("/");
            o.Conventions.AllowAnonymousToPage("/Account/SignIn");
            o.Conventions.AllowAnonymousToPage("/Error");
            o.Conventions.AllowAnonymousToPage("/Language");
            o.Conventions.AllowAnonymousToFolder("/PublicForm");
            o.Conventions.AuthorizeFolder("/Orgs", OrgMemberPolicy.Name);
            o.Conventions.AddPageRoute("/Orgs/Cases/Edit", "/o/{org:guid}/cases/new");
            o.Conventions.AddPageApplicationModelConvention("/Account/SignIn", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Pipeline.SignInPolicy)));
            o.Conventions.AddPageApplicationModelConvention("/Vault/Unseal", m => m.EndpointMetadata.Add(new Microsoft.AspNetCore.RateLimiting.EnableRateLimitingAttribute(Pipeline.UnsealPolicy)));
        }).ConfigureApplicationPartManager(parts =>
        {
            // Pages live in this assembly, which is not the entry assembly when the CLI or a test hosts the app.
            var web = typeof(DalelWebApp).Assembly;
            if (!parts.ApplicationParts.OfType<Microsoft.AspNetCore.Mvc.ApplicationParts.AssemblyPart>().Any(p => p.Assembly == web))
            {
                foreach (var part in Microsoft.AspNetCore.Mvc.ApplicationParts.ApplicationPartFactory.GetApplicationPartFactory(web).GetApplicationParts(web))
                {
                    parts.ApplicationParts.Add(part);
                }
            }
        });
        // Russian and Kazakh text is written as it is, not as a numeric entity per letter.
        services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(o =>
            o.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        services.Configure<FormOptions>(o =>
        {
            // Keep uploads in memory: ASP.NET otherwise buffers large files to plaintext temp files.
            o.MemoryBufferThreshold = int.MaxValue;
            o.MultipartBodyLengthLimit = 30 * 1024 * 1024;
        });
        // Core validates input and says what is wrong in the user's language; MVC's implicit [Required] would not.
        services.Configure<Microsoft.AspNetCore.Mvc.MvcOptions>(o =>
        {
            o.SuppressImplicitRequiredAttributeForNonNullableReferenceTypes = true;
            o.ModelMetadataDetailsProviders.Add(new KeepEmptyStrings());
        });
        return services;
    }

    /// <summary>The keys that protect sign-in cookies, kept in the data directory.</summary>
    public static IServiceCollection AddDalelCookieKeys(this IServiceCollection services)
    {
        services.AddDataProtection().SetApplicationName("Dalel");
        services.AddOptions<KeyManagementOptions>().Configure<DalelOptions>((k, dalel) =>
            k.XmlRepository = new Microsoft.AspNetCore.DataProtection.Repositories.FileSystemXmlRepository(
                new DirectoryInfo(Path.Combine(dalel.DataDirectory, "web-keys")), Microsoft.Extensions.Logging.Abstractions.NullLoggerFactory.Instance));
        return services;
    }
}
