using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Konscious.Security.Cryptography;

namespace Dalel.Core.Vault;

/// <summary>Argon2id cost. The values used to seal an instance are stored with it, so they can be raised later.</summary>
public sealed record KdfParameters(int MemoryKib, int Iterations, int Parallelism)
{
    /// <summary>For the instance passphrase: 64 MiB, 3 passes (RFC 9106's second recommended option, more memory than OWASP's minimum).</summary>
    public static readonly KdfParameters Passphrase = new(65536, 3, 2);

    /// <summary>For member passwords, checked on every sign-in: OWASP's 19 MiB, 2 passes.</summary>
    public static readonly KdfParameters Password = new(19456, 2, 1);

    /// <summary>Deliberately weak, for tests only.</summary>
    public static readonly KdfParameters Fast = new(1024, 1, 1);

    public byte[] Derive(string secret, byte[] salt)
    {
        // Argon2 refuses an empty input; an empty passphrase or password is simply a wrong one, so it gets the same
        // work on a stand-in no form can send (a lone NUL), never an exception.
        var bytes = secret.Length == 0 ? [0] : Encoding.UTF8.GetBytes(secret.Normalize(NormalizationForm.FormC));
        try
        {
            using var argon = new Argon2id(bytes)
            {
                Salt = salt,
                MemorySize = MemoryKib,
                Iterations = Iterations,
                DegreeOfParallelism = Parallelism,
            };
            return argon.GetBytes(Aead.KeySize);
        }
        finally
        {
            CryptographicOperations.ZeroMemory(bytes);
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"m={MemoryKib},t={Iterations},p={Parallelism}");
}
