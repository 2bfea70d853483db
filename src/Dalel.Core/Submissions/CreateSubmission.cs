using Dalel.Core.Audit;
using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

public sealed class CreateSubmission(DalelInstance instance)
{
    public Result<Guid> Run(OrgScope scope, SubmissionHeader header)
    {
        var mechanism = MechanismCatalog.Default.Find(header.Mechanism);
        // Without a State chosen, the submission is about the first State the organisation documents.
        var country = new Organisations.ListOrganisations(instance).CountriesOf(scope.OrganisationId)[0];
        var empty = new Submission { Title = "", Mechanism = header.Mechanism, Country = country };
        var sections = mechanism?.Outline.Select(o => new Section
        {
            Id = Guid.NewGuid(),
            Title = o.Titles.TryGetValue(header.Language, out var title) ? title : o.Titles["en"],
            Articles = o.Articles,
        }).ToList() ?? [];
        return SubmissionWrite.Save(instance, scope, null, 0, header.ApplyTo(empty, scope.OrganisationId) with { Sections = sections }, AuditAction.SubmissionCreated);
    }
}
