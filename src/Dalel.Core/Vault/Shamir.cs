using System.Security.Cryptography;

namespace Dalel.Core.Vault;

/// <summary>
/// Shamir's secret sharing over GF(2⁸) (the AES field), byte by byte: any <c>k</c> of <c>n</c> shares give the
/// secret back; <c>k − 1</c> shares say nothing about it.
/// </summary>
internal static class Shamir
{
    private static readonly byte[] Exp = new byte[512];
    private static readonly byte[] Log = new byte[256];

    static Shamir()
    {
        var x = 1;
        for (var i = 0; i < 255; i++)
        {
            Exp[i] = (byte)x;
            Log[x] = (byte)i;
            // Multiply by the generator 3 in GF(2⁸) with the AES polynomial x⁸ + x⁴ + x³ + x + 1.
            x ^= (x << 1) ^ ((x & 0x80) != 0 ? 0x11B : 0);
        }

        for (var i = 255; i < 512; i++)
        {
            Exp[i] = Exp[i - 255];
        }
    }

    private static byte Multiply(byte a, byte b) => a == 0 || b == 0 ? (byte)0 : Exp[Log[a] + Log[b]];

    private static byte Divide(byte a, byte b) => a == 0 ? (byte)0 : Exp[Log[a] + 255 - Log[b]];

    /// <summary>Shares numbered 1…n, each as long as the secret.</summary>
    public static IReadOnlyList<(byte X, byte[] Y)> Split(ReadOnlySpan<byte> secret, int threshold, int count)
    {
        var length = secret.Length;
        var shares = Enumerable.Range(1, count).Select(x => (X: (byte)x, Y: new byte[length])).ToList();
        var coefficients = new byte[threshold];
        for (var i = 0; i < secret.Length; i++)
        {
            coefficients[0] = secret[i];
            RandomNumberGenerator.Fill(coefficients.AsSpan(1));
            foreach (var (x, y) in shares)
            {
                // Horner's rule, highest coefficient first.
                byte value = 0;
                for (var c = threshold - 1; c >= 0; c--)
                {
                    value = (byte)(Multiply(value, x) ^ coefficients[c]);
                }

                y[i] = value;
            }
        }

        CryptographicOperations.ZeroMemory(coefficients);
        return shares;
    }

    /// <summary>The secret from shares with distinct numbers (Lagrange interpolation at zero).</summary>
    public static byte[] Combine(IReadOnlyList<(byte X, byte[] Y)> shares)
    {
        var secret = new byte[shares[0].Y.Length];
        for (var i = 0; i < secret.Length; i++)
        {
            byte value = 0;
            for (var j = 0; j < shares.Count; j++)
            {
                byte basis = 1;
                for (var m = 0; m < shares.Count; m++)
                {
                    if (m != j)
                    {
                        basis = Multiply(basis, Divide(shares[m].X, (byte)(shares[m].X ^ shares[j].X)));
                    }
                }

                value ^= Multiply(shares[j].Y[i], basis);
            }

            secret[i] = value;
        }

        return secret;
    }
}
