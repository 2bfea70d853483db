internal static partial class Report
{
    /// <summary>
    /// Puts a section into a Markdown file of several: in place of the earlier section with the same heading, else
    /// before the section headed <paramref name="before"/>, else at the end.
    /// </summary>
    public static void Section(string path, string heading, string section, string? before)
    {
        var existing = File.Exists(path) ? File.ReadAllText(path) : "# Linkage benchmarks\n";
        var start = existing.IndexOf("\n" + heading, StringComparison.Ordinal);
        var end = start < 0 ? -1 : existing.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var insertAt = before is null ? -1 : existing.IndexOf("\n" + before, StringComparison.Ordinal);
        File.WriteAllText(path, start >= 0
            ? existing[..(start + 1)] + section + (end < 0 ? "" : existing[end..])
            : insertAt >= 0 ? existing[..(insertAt + 1)] + section + "\n" + existing[(insertAt + 1)..] : existing.TrimEnd('\n') + "\n\n" + section);
        Console.WriteLine($"written to {path}");
    }
}
