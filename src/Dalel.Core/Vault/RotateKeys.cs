using System.Data.Common;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

public sealed record RotationReport(int Organisations, long Records);

/// <summary>
/// Replaces every key: a new master key (so a new directory key) and a new data key per organisation, and re-seals
/// everything sealed under the old ones in one transaction: every column declared in <see cref="SealedColumns"/>. For when a key holder leaves or a passphrase and an old backup may both have leaked: neither
/// opens anything written from now on. Key holders' shares of the old master stop working and must be split again.
/// Runs with the server stopped (the server's keys in memory would be the old ones); the instance is left sealed.
/// </summary>
public sealed class RotateKeys(DalelInstance instance)
{
    private const int Page = 500;

    public Result<RotationReport> Run(string passphrase, string actor)
    {
        var header = VaultHeader.Read(instance.Database);
        if (header is null)
        {
            return new NotFound();
        }

        var oldMaster = header.TryUnwrapMaster(passphrase);
        if (oldMaster is null)
        {
            AuditLog.AppendAlone(instance.Database, instance.Clock, actor, AuditAction.VaultUnsealFailed);
            return new WrongPassphrase();
        }

        new SealVault(instance).Run(actor);
        using var before = new KeyRing(oldMaster);
        using var after = new KeyRing(Aead.NewKey());
        OrganisationKeys.LoadAll(instance.Database, before);
        var salt = RandomNumberGenerator.GetBytes(16);
        var kek = header.Kdf.Derive(passphrase, salt);
        try
        {
            return instance.Database.Write<Result<RotationReport>>((c, t) =>
            {
                var orgs = c.Query(t, "SELECT id FROM organisations", r => r.GetGuid("id"));
                foreach (var org in orgs)
                {
                    var dataKey = Aead.NewKey();
                    var wrapped = after.WrapOrgKey(org, dataKey);
                    CryptographicOperations.ZeroMemory(dataKey);
                    c.Execute(t, "UPDATE organisations SET wrapped_data_key = @k WHERE id = @id", ("k", wrapped), ("id", org));
                    after.AddOrg(org, wrapped);
                }

                long records = 0;
                foreach (var column in SealedColumns.UnderInstanceKeys)
                {
                    records += Reseal(c, t, column, before, after);
                }

                // The audit record key is kept, re-wrapped: re-sealing the entries would rewrite the hash chain.
                if (c.Query(t, "SELECT wrapped_audit_key FROM vault WHERE id = 1", r => r.GetBytes("wrapped_audit_key")).FirstOrDefault() is { } auditKey)
                {
                    var key = before.UnwrapAuditKey(auditKey);
                    c.Execute(t, "UPDATE vault SET wrapped_audit_key = @k WHERE id = 1", ("k", after.WrapAuditKey(key)));
                    CryptographicOperations.ZeroMemory(key);
                }

                c.Execute(t, "UPDATE vault SET kdf_salt = @salt, wrapped_master = @w WHERE id = 1", ("salt", salt), ("w", after.WrapMaster(kek)));
                // Shares of the old master would rebuild a key that opens nothing: remove them rather than mislead.
                c.Execute(t, "DELETE FROM key_shares");
                c.Execute(t, "DELETE FROM key_split");
                AuditLog.Append(c, t, instance.Clock, actor, AuditAction.KeysRotated);
                return new RotationReport(orgs.Count, records);
            });
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    private static (byte[] Old, byte[] New) KeysFor(SealedColumn column, DbDataReader row, KeyRing before, KeyRing after)
    {
        switch (column.SealedWith)
        {
            case SealingKey.Directory:
                return (before.DirectoryKey, after.DirectoryKey);
            case SealingKey.OrganisationIdentity:
                var org = SealedColumn.OrgOf(row);
                return (before.IdentityKey(org), after.IdentityKey(org));
            case SealingKey.DirectoryOrOrganisation when SealedColumns.DocumentOrg(row) == SealedDocuments.Shared:
                return (before.DirectoryKey, after.DirectoryKey);
            case SealingKey.DirectoryOrOrganisation:
                var owner = SealedColumns.DocumentOrg(row);
                return (before.DataKey(owner), after.DataKey(owner));
            default:
                var data = SealedColumn.OrgOf(row);
                return (before.DataKey(data), after.DataKey(data));
        }
    }

    /// <summary>Re-seals one declared column page by page (a million cases do not fit in one read), in primary-key order.</summary>
    private static long Reseal(DbConnection c, DbTransaction t, SealedColumn column, KeyRing before, KeyRing after)
    {
        long count = 0;
        var key = string.Join(", ", column.Key);
        var selected = string.Join(", ", column.Key.Concat(column.AadColumns).Distinct());
        var matches = string.Join(" AND ", column.Key.Select((k, i) => $"{k} = @k{i}"));
        string[]? last = null;
        while (true)
        {
            var where = last is null ? "" : $"({key}) > ({string.Join(", ", column.Key.Select((_, i) => $"@l{i}"))}) AND ";
            var parameters = last is null ? [] : last.Select((v, i) => ($"l{i}", (object?)v)).ToArray();
            var rows = c.Query(t, $"SELECT {selected}, {column.Column} FROM {column.Table} WHERE {where}{column.Column} IS NOT NULL ORDER BY {key} LIMIT {Page}", r =>
            {
                var (oldKey, newKey) = KeysFor(column, r, before, after);
                var aad = column.Aad(r);
                var plaintext = Aead.Open(oldKey, r.GetBytes(column.Column)!, aad);
                var resealed = Aead.Seal(newKey, plaintext, aad);
                CryptographicOperations.ZeroMemory(plaintext);
                return (Key: column.Key.Select(k => r.GetString(r.GetOrdinal(k))).ToArray(), Value: resealed);
            }, parameters);
            foreach (var (rowKey, value) in rows)
            {
                c.Execute(t, $"UPDATE {column.Table} SET {column.Column} = @v WHERE {matches}", [("v", (object?)value), .. rowKey.Select((v, i) => ($"k{i}", (object?)v))]);
            }

            count += rows.Count;
            if (rows.Count < Page)
            {
                return count;
            }

            last = rows[^1].Key;
        }
    }
}
