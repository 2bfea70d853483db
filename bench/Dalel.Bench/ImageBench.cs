using System.Diagnostics;
using System.Globalization;
using System.Text;
using Dalel.Core;
using Dalel.Core.Cases;
using Dalel.Core.Members;
using Dalel.Core.Vault;
using Dalel.TestSupport;
using SkiaSharp;

namespace Dalel.Bench;

/// <summary>
/// How much memory image work takes (issue 20): the largest picture Dalel decodes (just under 50 megapixels), the same
/// six times at once (decodes queue one at a time), and decompression bombs whose headers claim far more. Peak resident
/// memory above the idle process, sampled every 5 ms.
/// </summary>
internal static class ImageBench
{
    public static string Run()
    {
        var directory = Path.Combine(Path.GetTempPath(), "dalel-image-bench-" + Guid.NewGuid().ToString("N"));
        using var instance = DalelInstance.Open(new DalelOptions { DataDirectory = directory, PasswordKdf = KdfParameters.Fast }, TimeProvider.System);
        try
        {
            var init = new InitialiseVault(instance).Run("image benchmark passphrase", "Org", new FirstOwner("owner", "Owner", "owner-password"), KdfParameters.Fast).Value;
            var owner = OrgScope.Cli(init.OrganisationId);
            var victim = new Victim { Id = Guid.NewGuid(), CodeName = "V-1" };
            var recorded = new RecordCase(instance).Run(owner, new CaseContent
            {
                Title = "Images", Date = new IncidentDate(DatePrecision.Year, new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31)),
                Victims = [victim], Acts = [new Act { Id = Guid.NewGuid(), VictimId = victim.Id, Violations = ["raid"] }],
            });
            var caseId = recorded.IsOk ? recorded.Value : throw new InvalidOperationException(recorded.Error!.ToString());
            var large = CraftedImages.Encode(7_000, 7_000, SKEncodedImageFormat.Jpeg);
            Guid Attach(string name, string type, byte[] bytes) => new AttachEvidence(instance).Run(owner, caseId, name, type, bytes).Value;
            var rows = new List<string>();
            var largeId = Attach("large.jpg", "image/jpeg", large);
            rows.Add(Measure($"Preview and working copy of a 7,000 × 7,000 JPEG (49 MP, {large.Length / 1024:N0} KB)", () =>
            {
                _ = new PreviewImage(instance).Run(owner, caseId, largeId);
                _ = new MakeWorkingCopy(instance).Run(owner, caseId, largeId);
            }));
            rows.Add(Measure("Six previews of it at once", () => Parallel.For(0, 6, _ => new PreviewImage(instance).Run(owner, caseId, largeId))));
            var png = CraftedImages.PngClaiming(30_000, 30_000);
            var pngId = Attach("bomb.png", "image/png", png);
            rows.Add(Measure($"PNG claiming 30,000 × 30,000 ({png.Length:N0} bytes): preview and working copy, six times at once", () =>
                Parallel.For(0, 6, i =>
                {
                    _ = new PreviewImage(instance).Run(owner, caseId, pngId);
                    _ = new MakeWorkingCopy(instance).Run(owner, caseId, pngId);
                })));
            var jpeg = CraftedImages.JpegClaiming(60_000, 60_000);
            var jpegId = Attach("bomb.jpg", "image/jpeg", jpeg);
            rows.Add(Measure($"JPEG claiming 60,000 × 60,000 ({jpeg.Length:N0} bytes), six at once", () => Parallel.For(0, 6, _ => new PreviewImage(instance).Run(owner, caseId, jpegId))));

            var report = new StringBuilder();
            report.AppendLine(CultureInfo.InvariantCulture, $"## Image run of {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC");
            report.AppendLine();
            report.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, .NET {Environment.Version}. Stated bound: one decode at a time, at most 50 megapixels (200 MB of pixels), so image work stays under **600 MB** above the idle process whatever is uploaded.");
            report.AppendLine();
            report.AppendLine("| Work | Time | Peak resident memory above idle |");
            report.AppendLine("|---|---|---|");
            rows.ForEach(r => report.AppendLine(r));
            return report.ToString();
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Measure(string what, Action work)
    {
        var (elapsed, idle, peak) = PeakMemory.Measure(work);
        return string.Create(CultureInfo.InvariantCulture, $"| {what} | {elapsed.TotalSeconds:0.00} s | {(peak - idle) / (1024.0 * 1024):N0} MB |");
    }
}
