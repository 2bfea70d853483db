using System.Data.Common;
using System.Security.Cryptography;
using Dalel.Core.Audit;
using Dalel.Core.Cases;
using Dalel.Core.Intake;
using Dalel.Core.Members;
using Dalel.Core.Organisations;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

public sealed record RotationReport(int Organisations, long Records);

/// <summary>
/// Replaces every key: a new master key (so a new directory key) and a new data key per organisation, and re-seals
/// everything sealed under the old ones in one transaction: cases, identities, evidence files, documents, profiles,
/// intake private keys. For when a key holder leaves or a passphrase and an old backup may both have leaked: neither
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
                records += Reseal(c, t, "organisations", "id", "profile_sealed", r => (before.DirectoryKey, after.DirectoryKey, OrganisationKeys.ProfileAad(r.GetGuid("id"))));
                records += Reseal(c, t, "members", "id", "profile_sealed", r => (before.DirectoryKey, after.DirectoryKey, MemberProfiles.Aad(r.GetGuid("id"))));
                records += Reseal(c, t, "cases", "id", "body", r => (before.DataKey(Org(r)), after.DataKey(Org(r)), CaseSealing.BodyAad(Org(r), r.GetGuid("id"))), "org_id");
                records += Reseal(c, t, "cases", "id", "identities_sealed", r => (before.IdentityKey(Org(r)), after.IdentityKey(Org(r)), CaseSealing.IdentitiesAad(Org(r), r.GetGuid("id"))), "org_id");
                records += Reseal(c, t, "evidence_files", "id", "content", r => (before.DataKey(Org(r)), after.DataKey(Org(r)), CaseSealing.FileAad(Org(r), r.GetGuid("case_id"), r.GetGuid("id"))), "org_id, case_id");
                records += Reseal(c, t, "intake_forms", "org_id", "wrapped_private_key", r => (before.DataKey(Org(r)), after.DataKey(Org(r)), IntakeKeys.PrivateKeyAad(Org(r))));
                records += ResealDocuments(c, t, before, after);

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

    private static Guid Org(DbDataReader r) => r.GetGuid("org_id");

    /// <summary>Re-seals one column page by page (a million cases do not fit in one read), keyed by a text primary key.</summary>
    private static long Reseal(DbConnection c, DbTransaction t, string table, string key, string column, Func<DbDataReader, (byte[] Old, byte[] New, byte[] Aad)> keys, string? extra = null)
    {
        long count = 0;
        var last = "";
        while (true)
        {
            var extraColumns = extra is null ? "" : ", " + extra;
            var rows = c.Query(t, $"SELECT {key}{extraColumns}, {column} FROM {table} WHERE {key} > @last AND {column} IS NOT NULL ORDER BY {key} LIMIT {Page}", r =>
            {
                var (oldKey, newKey, aad) = keys(r);
                var plaintext = Aead.Open(oldKey, r.GetBytes(column)!, aad);
                var resealed = Aead.Seal(newKey, plaintext, aad);
                CryptographicOperations.ZeroMemory(plaintext);
                return (Id: r.GetString(r.GetOrdinal(key)), Value: resealed);
            }, ("last", last));
            foreach (var (id, value) in rows)
            {
                c.Execute(t, $"UPDATE {table} SET {column} = @v WHERE {key} = @id", ("v", value), ("id", id));
            }

            count += rows.Count;
            if (rows.Count < Page)
            {
                return count;
            }

            last = rows[^1].Id;
        }
    }

    /// <summary>Documents the whole instance shares are under the directory key; an organisation's under its data key.</summary>
    private static long ResealDocuments(DbConnection c, DbTransaction t, KeyRing before, KeyRing after)
    {
        var rows = c.Query(t, "SELECT kind, id, org_id FROM sealed_documents", r => (Kind: r.GetString(0), Id: r.GetGuid("id"), Org: r.GetString(2)));
        foreach (var (kind, id, orgText) in rows)
        {
            var org = orgText.Length == 0 ? SealedDocuments.Shared : Guid.Parse(orgText);
            var (oldKey, newKey) = org == SealedDocuments.Shared ? (before.DirectoryKey, after.DirectoryKey) : (before.DataKey(org), after.DataKey(org));
            var aad = SealedDocuments.Aad(kind, org, id);
            var body = c.Scalar<byte[]>(t, "SELECT body FROM sealed_documents WHERE kind = @k AND id = @id", ("k", kind), ("id", id));
            var plaintext = Aead.Open(oldKey, body, aad);
            c.Execute(t, "UPDATE sealed_documents SET body = @b WHERE kind = @k AND id = @id", ("b", Aead.Seal(newKey, plaintext, aad)), ("k", kind), ("id", id));
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return rows.Count;
    }
}
