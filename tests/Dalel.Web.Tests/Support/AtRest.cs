using System.Text;

namespace Dalel.Web.Tests.Support;

/// <summary>Reads every file of a data directory, the logs and new temp files, byte for byte, in UTF-8 and UTF-16, for strings that must not be there.</summary>
public static class AtRest
{
    public static async Task<List<string>> Leaks(string dataDirectory, string logs, IReadOnlyList<string> needles, DateTime since)
    {
        var leaks = new List<string>();
        foreach (var needle in needles)
        {
            if (logs.Contains(needle, StringComparison.Ordinal))
            {
                leaks.Add($"logs: {needle}");
            }
        }

        var files = Directory.EnumerateFiles(dataDirectory, "*", SearchOption.AllDirectories).ToList();
        Assert.Contains(files, f => f.EndsWith("dalel.db", StringComparison.Ordinal));
        files.AddRange(RecentTempFiles(since));
        foreach (var file in files.Distinct())
        {
            byte[] bytes;
            try
            {
                bytes = await File.ReadAllBytesAsync(file);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                continue;
            }

            foreach (var needle in needles)
            {
                if (Contains(bytes, Encoding.UTF8.GetBytes(needle)) || Contains(bytes, Encoding.Unicode.GetBytes(needle)) || Contains(bytes, Encoding.BigEndianUnicode.GetBytes(needle)))
                {
                    leaks.Add($"{file}: {needle}");
                }
            }
        }

        return leaks;
    }

    private static IEnumerable<string> RecentTempFiles(DateTime since)
    {
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        // Other tests' data directories (tests of all projects run in parallel, and the CLI tests write plaintext exports
        // into theirs on purpose) are theirs to check; Dalel writing anywhere else in temp is what this looks for.
        var otherTests = Path.Combine(Path.GetTempPath(), "dalel-tests") + Path.DirectorySeparatorChar;
        foreach (var file in Directory.EnumerateFiles(Path.GetTempPath(), "*", options).Where(f => !f.StartsWith(otherTests, StringComparison.Ordinal)))
        {
            FileInfo info;
            try
            {
                info = new FileInfo(file);
                // Empty entries hold nothing, and FIFOs and sockets (which report length 0) would block a read.
                if (info.LastWriteTimeUtc < since || info.Length == 0 || info.Length > 512 * 1024 * 1024)
                {
                    continue;
                }
            }
            catch (IOException)
            {
                continue;
            }

            yield return file;
        }
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
