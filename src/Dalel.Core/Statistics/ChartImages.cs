using System.Text.RegularExpressions;
using SkiaSharp;
using Svg.Skia;
using Svg.Skia.TypefaceProviders;

namespace Dalel.Core.Statistics;

/// <summary>
/// PNG versions of the SVG charts, for word processors that take no SVG. The same drawing, rasterised with a font
/// shipped inside Dalel (DejaVu Sans, which covers Russian and Kazakh), so the result does not depend on the fonts
/// of the server.
/// </summary>
public static partial class ChartImages
{
    private const string Family = "DejaVu Sans";

    private static readonly Lazy<byte[]> Font = new(() =>
    {
        using var stream = typeof(ChartImages).Assembly.GetManifestResourceStream("fonts/DejaVuSans.ttf")!;
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    });

    /// <param name="scale">2 gives a sharp image for print.</param>
    public static byte[] Png(string svg, float scale = 2f)
    {
        var withShippedFont = FontFamily().Replace(svg, $"font-family=\"{Family}\"");
        using var rendered = new SKSvg();
        rendered.Settings.TypefaceProviders = [new CustomTypefaceProvider(new MemoryStream(Font.Value), 0)];
        rendered.FromSvg(withShippedFont);
        using var output = new MemoryStream();
        if (!rendered.Save(output, SKColors.White, SKEncodedImageFormat.Png, 100, scale, scale))
        {
            throw new InvalidOperationException("The chart could not be rendered as PNG.");
        }

        return output.ToArray();
    }

    [GeneratedRegex("font-family=\"[^\"]*\"")]
    private static partial Regex FontFamily();
}
