using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Dalel.Core.Members;
using Dalel.Core.Storage;

namespace Dalel.Core.Vault;

internal static class KeyHolders
{
    public static readonly byte[] CheckValue = "dalel/master-check"u8.ToArray();
    public static readonly byte[] CheckAad = "dalel/master-check/v1"u8.ToArray();

    public static byte[] ShareAad(byte x) => Encoding.ASCII.GetBytes($"dalel/share/v1/{x}");
}
