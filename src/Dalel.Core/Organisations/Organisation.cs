namespace Dalel.Core.Organisations;

/// <summary>A member organisation of the coalition. Its name is sealed under the directory key.</summary>
public sealed record Organisation(Guid Id, string Name);

internal sealed record OrganisationProfile(string Name);
