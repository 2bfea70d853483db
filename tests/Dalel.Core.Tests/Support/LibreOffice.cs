using System.Diagnostics;

namespace Dalel.Core.Tests.Support;

/// <summary>Opens a Word document in LibreOffice (headless) and returns its text: proof a real word processor reads it.</summary>
public static class LibreOffice
{
    public static string ToText(byte[] docx)
    {
        var soffice = new[] { "/usr/bin/soffice", "/usr/bin/libreoffice" }.FirstOrDefault(File.Exists);
        if (soffice is null)
        {
            Assert.False(Environment.GetEnvironmentVariable("CI") == "true", "LibreOffice is missing on CI: .ci/run must install it.");
            Assert.Skip("LibreOffice is not installed here (.ci/run installs it).");
        }

        var directory = Directory.CreateTempSubdirectory("dalel-docx-").FullName;
        try
        {
            var file = Path.Combine(directory, "submission.docx");
            File.WriteAllBytes(file, docx);
            var start = new ProcessStartInfo(soffice, ["--headless", $"-env:UserInstallation=file://{directory}/profile", "--convert-to", "txt:Text", "--outdir", directory, file])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(start)!;
            Assert.True(process.WaitForExit(TimeSpan.FromMinutes(2)), "LibreOffice did not finish");
            var text = Path.Combine(directory, "submission.txt");
            Assert.True(File.Exists(text), "LibreOffice could not open the document: " + process.StandardError.ReadToEnd());
            return File.ReadAllText(text);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
