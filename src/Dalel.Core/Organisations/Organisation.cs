namespace Dalel.Core.Organisations;

/// <summary>A member organisation of the coalition. Its name is sealed under the directory key.</summary>
/// <param name="SharesWithCoalition">Its consenting cases count in the coalition's statistics.</param>
public sealed record Organisation(Guid Id, string Name, bool SharesWithCoalition)
{
    /// <summary>The States whose cases it documents (ISO 3166-1 alpha-2), the first being the one a new case starts in.</summary>
    public IReadOnlyList<string> Countries { get; init; } = [OrganisationProfile.DefaultCountry];
}

internal sealed record OrganisationProfile(string Name, bool SharesWithCoalition = false, IReadOnlyList<string>? Countries = null)
{
    /// <summary>Organisations created before States became data documented Kazakhstan.</summary>
    public const string DefaultCountry = "KZ";

    public IReadOnlyList<string> CountriesOrDefault => Countries is { Count: > 0 } list ? list : [DefaultCountry];
}
