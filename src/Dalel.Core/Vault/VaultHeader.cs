using System.Data.Common;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

/// <summary>The one row that says how to get from the passphrase to the master key.</summary>
internal sealed record VaultHeader(byte[] Salt, KdfParameters Kdf, byte[] WrappedMaster, byte[] LoginSalt)
{
    public static VaultHeader? Read(Database database) => database.Read(c => Read(c, null));

    public static VaultHeader? Read(DbConnection connection, DbTransaction? transaction) =>
        connection.Query(transaction, "SELECT * FROM vault WHERE id = 1", r => new VaultHeader(
            r.GetBytes("kdf_salt")!,
            new KdfParameters((int)r.GetLong("kdf_memory_kib"), (int)r.GetLong("kdf_iterations"), (int)r.GetLong("kdf_parallelism")),
            r.GetBytes("wrapped_master")!,
            r.GetBytes("login_salt")!)).SingleOrDefault();

    public byte[]? TryUnwrapMaster(string passphrase)
    {
        var kek = Kdf.Derive(passphrase, Salt);
        try
        {
            return Aead.TryOpen(kek, WrappedMaster, KeyRing.MasterAad, out var master) ? master : null;
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(kek);
        }
    }
}
