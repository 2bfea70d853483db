using System.Globalization;
using Dalel.Core.Linkage;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Linkage;

/// <summary>
/// The owner reviews the organisation's cases that linkage grouped with other organisations' records: a queue that
/// can run to thousands at coalition scale, so it is filtered (all, not yet decided, decided) and paged, and a decision
/// brings the owner back to the same place in it.
/// </summary>
public sealed class IndexModel : OrgPageModel
{
    public const int PageSize = 50;

    /// <summary>all, pending or decided.</summary>
    [BindProperty(SupportsGet = true, Name = "show")]
    public string? Listing { get; set; }

    // "page" is Razor Pages' own route value, so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    /// <summary>The possible duplicates on this page.</summary>
    public IReadOnlyList<PossibleDuplicate> Duplicates { get; private set; } = [];

    public int All { get; private set; }

    public int Pending { get; private set; }

    public int Pages { get; private set; } = 1;

    /// <summary>What the latest linkage did and expects of its links (blocking, precision and recall at its cut).</summary>
    public LinkageModel? Linkage { get; private set; }

    public string Filter => Listing is "pending" or "decided" ? Listing : "all";

    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnGet() => Load();

    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnPostDecide(Guid result, int group, bool confirmed)
    {
        var decided = new DecideDuplicate(Instance).Run(Scope, result, group, confirmed);
        if (!decided.IsOk)
        {
            return Failed(decided.Error!);
        }

        return Redirect(LinkageRoutes.Duplicates(OrgId, Filter, PageNumber));
    }

    /// <summary>
    /// The organisation's cases encoded with the coalition secret, as a file to send to whoever runs the linkage. The
    /// secret is read from the upload for this request only: never stored, never logged.
    /// </summary>
    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnPostEncode(IFormFile? secret)
    {
        if (secret is null || secret.Length == 0 || secret.Length > 4096)
        {
            ModelState.AddModelError("secret", Localization.L.T("error.linkage_secret_file"));
            return Load();
        }

        using var buffer = new MemoryStream();
        secret.CopyTo(buffer);
        var secretBytes = buffer.ToArray();
        try
        {
            var encoded = new EncodeForLinkage(Instance).Run(Scope, secretBytes);
            if (!encoded.IsOk)
            {
                return Failed(encoded.Error!);
            }

            return File(System.Text.Encoding.UTF8.GetBytes(encoded.Value.ToJson()), "application/json", $"linkage-encodings-{OrgId.ToString("N")[..8]}.json");
        }
        finally
        {
            // Dalel's own copies; the framework's request buffer is not Dalel's to clear.
            Array.Clear(secretBytes);
            Array.Clear(buffer.GetBuffer());
        }
    }

    /// <summary>A linkage result sent back by whoever ran it; each member organisation then reviews its own cases here.</summary>
    [Requires(Capability.ReviewDuplicates)]
    public IActionResult OnPostImport(IFormFile? result)
    {
        if (result is null || result.Length == 0)
        {
            ModelState.AddModelError("result", Localization.L.T("error.file_empty"));
            return Load();
        }

        using var reader = new StreamReader(result.OpenReadStream());
        var imported = new ImportLinkageResult(Instance).Run(Scope, reader.ReadToEnd());
        if (!imported.IsOk)
        {
            return Failed(imported.Error!);
        }

        return Redirect(LinkageRoutes.Duplicates(OrgId));
    }

    /// <summary>An expected failure shown on this page, its list loaded again (or the error's own page: forbidden, not found).</summary>
    private IActionResult Failed(Dalel.Core.Error error)
    {
        var shown = this.Show(error);
        return shown is PageResult ? Load() : shown;
    }

    /// <summary>This page's address with another filter (from its first page) or another page.</summary>
    public string Link(string filter, int page = 1) => LinkageRoutes.Duplicates(OrgId, filter, page);

    private IActionResult Load()
    {
        var review = new ListPossibleDuplicates(Instance).Review(Scope);
        if (!review.IsOk)
        {
            return this.Show(review.Error!);
        }

        var listed = review.Value.Duplicates;
        All = listed.Count;
        Pending = listed.Count(d => d.Confirmed is null);
        var chosen = Filter switch
        {
            "pending" => listed.Where(d => d.Confirmed is null).ToList(),
            "decided" => listed.Where(d => d.Confirmed is not null).ToList(),
            _ => listed,
        };
        Pages = Math.Max(1, (chosen.Count + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(PageNumber, 1, Pages);
        Duplicates = chosen.Skip((PageNumber - 1) * PageSize).Take(PageSize).ToList();
        Linkage = review.Value.Model;
        return Page();
    }

    public static string Number(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
}
