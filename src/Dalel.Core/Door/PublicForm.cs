using System.Data.Common;
using Dalel.Core.Audit;
using Dalel.Core.Intake;

namespace Dalel.Core.Door;

/// <summary>
/// The door for someone without an account: one organisation's public report form, found by its address, usable while
/// the instance is sealed. It reaches that form's rows only, and every write is audited as anonymous in the same
/// transaction.
/// </summary>
internal sealed class PublicForm
{
    private readonly DalelInstance _instance;

    private PublicForm(DalelInstance instance, IntakeFormRow form)
    {
        _instance = instance;
        Form = form;
    }

    public IntakeFormRow Form { get; }

    public DateTimeOffset Now => _instance.Clock.GetUtcNow();

    /// <summary>The form at <paramref name="slug"/> if its organisation turned it on; "not found" otherwise, whoever asks.</summary>
    public static Result<PublicForm> At(DalelInstance instance, string slug)
    {
        var form = instance.Database.Read(c => IntakeStore.FormAt(c, null, slug.Trim().ToLowerInvariant()));
        return form is { Settings.Enabled: true } ? new PublicForm(instance, form) : new NotFound();
    }

    public T Read<T>(Func<DbConnection, T> read) => _instance.Database.Read(read);

    /// <summary>One transaction; the work audits its event (as anonymous, for this form's organisation) with the given function.</summary>
    public T Write<T>(Func<DbConnection, DbTransaction, Action<string, string?>, T> work) =>
        _instance.Database.Write((c, t) => work(c, t, (action, record) => AuditLog.Append(c, t, _instance.Clock, Actors.Anonymous, action, Form.OrgId, record)));
}
