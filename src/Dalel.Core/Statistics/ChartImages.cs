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

    /// <summary>300 dots per inch, as printers and publishers ask for, from SVG's 96 units per inch.</summary>
    public const float PrintScale = 300f / 96f;

    /// <param name="scale">2 gives a sharp image on screen; <see cref="PrintScale"/> one for print.</param>
    public static byte[] Png(string svg, float scale = 2f)
    {
        var withShippedFont = FontFamily().Replace(svg, $"font-family=\"{Family}\"");
        using var rendered = new SKSvg();
        rendered.Settings.TypefaceProviders = [new CustomTypefaceProvider(new MemoryStream(Font.Value), 0)];
        rendered.FromSvg(withShippedFont);
        using var output = new MemoryStream();
        // Transparent: the chart takes the colour of the page or document it is placed on.
        if (!rendered.Save(output, SKColors.Transparent, SKEncodedImageFormat.Png, 100, scale, scale))
        {
            throw new InvalidOperationException("The chart could not be rendered as PNG.");
        }

        return output.ToArray();
    }

    [GeneratedRegex("font-family=\"[^\"]*\"")]
    private static partial Regex FontFamily();
}
