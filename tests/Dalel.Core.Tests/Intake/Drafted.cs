using Dalel.Core.Intake;
using Dalel.Core.Tests.Support;

namespace Dalel.Core.Tests.Intake;

/// <summary>What a documenter does with "Record as a case": the draft, a violation chosen, saved.</summary>
internal static class Drafted
{
    public static Result<Guid> Convert(TestInstance test, Guid report)
    {
        var draft = new DraftCaseFromReport(test.Instance).Run(test.OwnerOfA, report, "en").Value.Content;
        return new ConvertIntakeReport(test.Instance).Run(test.OwnerOfA, report, draft with { Acts = [draft.Acts[0] with { Violations = ["threats"] }] });
    }
}
