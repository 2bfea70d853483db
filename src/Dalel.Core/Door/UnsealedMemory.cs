using Dalel.Core.Cases;
using Dalel.Core.Statistics;
using Dalel.Core.Vault;

namespace Dalel.Core.Door;

/// <summary>
/// The decrypted cases and the statistics index of one unsealing, tied to the key ring that opened them. Held by the
/// door, not the vault, so the vault (keys and sealing) depends on no feature; dropped the moment the vault seals.
/// </summary>
internal sealed class UnsealedMemory(KeyRing keys)
{
    public KeyRing Keys { get; } = keys;

    public CaseMemory Cases { get; } = new();

    public FactIndex Facts { get; } = new();

    public void Clear()
    {
        Facts.Clear();
        Cases.Clear();
    }
}

/// <summary>The one entry to decrypted data: checks the capability and the seal, and hands out an <see cref="Unsealed"/>.</summary>
internal sealed class Entrance(DalelInstance instance)
{
    private readonly Lock _gate = new();
    private UnsealedMemory? _memory;

    public Result<Unsealed> Enter(Members.OrgScope scope, Members.Capability capability)
    {
        if (!scope.Can(capability))
        {
            return new Forbidden();
        }

        var memory = Memory();
        if (memory is null)
        {
            return new VaultSealed();
        }

        // One place loads an organisation's key on first need (an organisation with no cases yet has none loaded).
        if (!memory.Keys.HasOrg(scope.OrganisationId))
        {
            Organisations.OrganisationKeys.LoadAll(instance.Database, memory.Keys);
        }

        var unsealed = new Unsealed(instance, memory.Keys, memory, scope);
        unsealed.CatchUp();
        return unsealed;
    }

    /// <summary>The memory of the current unsealing, made on first use after the vault opened; null while sealed.</summary>
    private UnsealedMemory? Memory()
    {
        var keys = instance.Vault.Keys;
        if (keys is null)
        {
            return null;
        }

        lock (_gate)
        {
            // Sealed meanwhile: make nothing for keys that are gone (the vault clears under this same lock).
            if (instance.Vault.Keys != keys)
            {
                return null;
            }

            if (_memory?.Keys != keys)
            {
                _memory?.Clear();
                _memory = new UnsealedMemory(keys);
            }

            return _memory;
        }
    }

    /// <summary>
    /// Reads plain columns (no decryption: counts and states) for a scope with the capability, sealed or not — e.g. how
    /// many intake reports wait, for the navigation.
    /// </summary>
    public Result<T> ReadPlain<T>(Members.OrgScope scope, Members.Capability capability, Func<System.Data.Common.DbConnection, T> read) =>
        scope.Can(capability) ? instance.Database.Read(read) : new Forbidden();

    /// <summary>
    /// Decrypts every case now (unsealing waits for it, so the first page is quick), and brings data stored by earlier
    /// versions to the current sealing (empty identities, intake reports), which needs the organisations' keys.
    /// </summary>
    public void Warm()
    {
        if (Memory() is { } memory)
        {
            instance.Unsealing.Start(instance.Database.Read(c => Storage.Sql.Scalar<long>(c, null, "SELECT COUNT(*) FROM cases")));
            memory.Cases.CatchUp(instance.Database, memory.Keys, instance.Unsealing);
            var all = true;
            foreach (var org in instance.Database.Read(Cases.SealEmptyIdentities.Organisations))
            {
                if (Enter(new Members.OrgScope(org, Audit.Actors.System, Members.Role.Owner), Members.Capability.WriteCases) is { IsOk: true } door)
                {
                    Cases.SealEmptyIdentities.Run(door.Value);
                }
                else
                {
                    all = false;
                }
            }

            if (all)
            {
                instance.Database.Write((c, t) =>
                {
                    Cases.SealEmptyIdentities.Done(c, t);
                    return 0;
                });
            }

            foreach (var org in instance.Database.Read(Intake.IntakeStore.OrganisationsWithEarlierReports))
            {
                if (Enter(new Members.OrgScope(org, Audit.Actors.System, Members.Role.Owner), Members.Capability.HandleIntake) is { IsOk: true } door)
                {
                    Intake.ResealEarlierIntakeReports.Run(door.Value);
                }
            }
        }
    }

    /// <summary>Whether decrypted cases are held (for the test that sealing drops them).</summary>
    internal bool HoldsCases
    {
        get
        {
            lock (_gate)
            {
                return _memory is not null;
            }
        }
    }

    /// <summary>Called by the vault as it seals: decrypted cases and the index go with the keys.</summary>
    public void Forget()
    {
        lock (_gate)
        {
            _memory?.Clear();
            _memory = null;
        }
    }
}
