using System.Globalization;
using Dalel.Core.Cases;
using Microsoft.AspNetCore.Mvc;
using Dalel.Web.Security;
using Dalel.Core.Members;

namespace Dalel.Web.Pages.Orgs.Cases;

/// <summary>The case list: full-text search, a filter per vocabulary, region and date range, sorting, paging. All by GET, no script.</summary>
public sealed class IndexModel : OrgPageModel
{
    [BindProperty(SupportsGet = true, Name = "q")]
    public string? Text { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Region { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? From { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? To { get; set; }

    [BindProperty(SupportsGet = true)]
    public CaseSort Sort { get; set; }

    // "page" is Razor Pages' own route value, so the page number travels as "p".
    [BindProperty(SupportsGet = true, Name = "p")]
    public int PageNumber { get; set; } = 1;

    public Dictionary<string, string> Codes { get; } = [];

    public CasePage Result { get; private set; } = new([], 0, 1, 25);

    /// <summary>Lists shown at once; the others sit under "More filters".</summary>
    public static readonly IReadOnlyList<string> MainFilters = [Dalel.Core.Vocabularies.Catalog.Violations, Dalel.Core.Vocabularies.Catalog.PerpetratorTypes, Dalel.Core.Vocabularies.Catalog.CaseStatus];

    [Requires(Capability.ReadCodedFacts)]
    public IActionResult OnGet()
    {
        foreach (var list in CaseCodes.Filterable)
        {
            if (Request.Query[list].FirstOrDefault() is { Length: > 0 } code)
            {
                Codes[list] = code;
            }
        }

        var from = DateField(nameof(From), From);
        var to = DateField(nameof(To), To);
        var result = new SearchCases(Instance).Run(Scope, new CaseQuery
        {
            Text = Text,
            Region = string.IsNullOrEmpty(Region) ? null : Region,
            From = from,
            To = to,
            Codes = Codes,
            Sort = Sort,
            Page = PageNumber,
        });
        if (!result.IsOk)
        {
            return this.Show(result.Error!);
        }

        Result = result.Value;
        return Page();
    }

    /// <summary>The current query with one parameter changed, for pager and sort links.</summary>
    public string Link(int page) => LinkWithQuery("cases", ("p", page.ToString(CultureInfo.InvariantCulture)));
}
