using Dalel.Core.Register;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Submissions;

public sealed class ListSubmissions(DalelInstance instance)
{
    public Result<IReadOnlyList<Versioned<Submission>>> Run(OrgScope scope)
    {
        var opened = instance.Enter(scope, Capability.ReadCodedFacts);
        if (!opened.IsOk)
        {
            return opened.Error!;
        }

        return SubmissionStore.All(opened.Value).OrderBy(s => s.Value.Title, StringComparer.CurrentCulture).ToList();
    }
}
