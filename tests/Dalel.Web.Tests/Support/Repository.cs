namespace Dalel.Web.Tests.Support;

/// <summary>The checkout the tests run from, for the third-party tools installed under tools/ by .ci/run.</summary>
internal static class Repository
{
    public static string Root()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Dalel.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("No Dalel.slnx above the test's directory.");
    }

    /// <summary>A tool npm installs: skipped locally when missing, a failure on CI where .ci/run must install it.</summary>
    public static string NpmTool(string relativePath, string install)
    {
        var path = Path.Combine(Root(), relativePath);
        if (!File.Exists(path))
        {
            var how = $"Not installed: run '{install}' (looked for {path}).";
            if (Environment.GetEnvironmentVariable("CI") == "true")
            {
                Assert.Fail(how);
            }

            Assert.Skip(how);
        }

        return path;
    }
}
