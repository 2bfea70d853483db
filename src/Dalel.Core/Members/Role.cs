namespace Dalel.Core.Members;

public enum Role
{
    Owner,
    Documenter,
    Analyst,
    Viewer,
}

public enum Capability
{
    /// <summary>See cases' coded facts: vocabulary choices, region, dates.</summary>
    ReadCodedFacts,

    /// <summary>See titles, narratives and free-text descriptions.</summary>
    ReadNarratives,

    /// <summary>See victims' names, contacts and document numbers, and evidence files.</summary>
    ReadIdentities,
    WriteCases,
    DeleteCases,
    ManageMembers,
    ExportCases,
    ManageVault,

    /// <summary>Keep the register of UN documents and recommendations, and write submissions.</summary>
    EditReports,

    /// <summary>Let a case story go out with a detail the checks flagged as possibly identifying.</summary>
    AcceptPublicationRisks,

    /// <summary>Encode the organisation's cases for linkage, and confirm or reject possible duplicates.</summary>
    ReviewDuplicates,

    /// <summary>Read reports sent through the public form, answer the reporters and turn reports into cases.</summary>
    HandleIntake,

    /// <summary>Turn the public form on or off and choose its address and questions.</summary>
    ConfigureIntake,
}

public static class Permissions
{
    public static bool Allows(Role role, Capability capability) => role switch
    {
        Role.Owner => true,
        Role.Documenter => capability is Capability.ReadCodedFacts or Capability.ReadNarratives or Capability.ReadIdentities or Capability.WriteCases or Capability.EditReports or Capability.HandleIntake,
        Role.Viewer => capability is Capability.ReadCodedFacts or Capability.ReadNarratives,
        Role.Analyst => capability is Capability.ReadCodedFacts or Capability.EditReports,
        _ => false,
    };
}

/// <summary>
/// Who acts, in which organisation, with which role. Built only from the route's organisation id and the signed-in
/// member's stored membership (or the CLI's passphrase holder), never from a form.
/// </summary>
public sealed record OrgScope(Guid OrganisationId, string Actor, Role Role)
{
    /// <summary>When set (an API token), only these of the role's capabilities: a token never does more than it was given.</summary>
    public IReadOnlySet<Capability>? Granted { get; init; }

    public bool Can(Capability capability) => Permissions.Allows(Role, capability) && (Granted is null || Granted.Contains(capability));

    /// <summary>The passphrase holder at the command line acts as an owner of any organisation.</summary>
    public static OrgScope Cli(Guid organisationId) => new(organisationId, Audit.Actors.Cli, Role.Owner);
}
