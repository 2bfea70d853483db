using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

public sealed class GetSubmission(DalelInstance instance)
{
    public Result<Versioned<Submission>> Run(OrgScope scope, Guid id)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return SubmissionStore.Find(opened.Value, id) is { } found ? found : new NotFound();
    }
}
