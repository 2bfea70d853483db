namespace Dalel.Core.Organisations;

/// <summary>A member organisation of the coalition. Its name is sealed under the directory key.</summary>
/// <param name="SharesWithCoalition">Its consenting cases count in the coalition's statistics.</param>
public sealed record Organisation(Guid Id, string Name, bool SharesWithCoalition);

internal sealed record OrganisationProfile(string Name, bool SharesWithCoalition = false);
