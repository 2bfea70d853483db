namespace Dalel.Core.Cases;

/// <summary>
/// What a file is, by its first bytes rather than by the type a browser or a reporter claimed: an SVG or an HTML page
/// sent as "image/png" must not reach an image decoder or be offered as a picture.
/// </summary>
public static class FileTypes
{
    /// <summary>The image types Dalel decodes (previews, working copies), and checks at upload.</summary>
    public static readonly IReadOnlySet<string> Images = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { "image/jpeg", "image/png", "image/webp", "image/gif" };

    /// <summary>The type the bytes show, for the kinds Dalel tells apart; null when none of them.</summary>
    public static string? Sniff(ReadOnlySpan<byte> bytes) => bytes switch
    {
        [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
        [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
        [(byte)'R', (byte)'I', (byte)'F', (byte)'F', _, _, _, _, (byte)'W', (byte)'E', (byte)'B', (byte)'P', ..] => "image/webp",
        [(byte)'G', (byte)'I', (byte)'F', (byte)'8', (byte)'7' or (byte)'9', (byte)'a', ..] => "image/gif",
        [(byte)'%', (byte)'P', (byte)'D', (byte)'F', ..] => "application/pdf",
        _ => null,
    };

    /// <summary>
    /// A file that claims to be one of the <see cref="Images"/> but whose bytes are not that image: refused with a
    /// clear message at upload (documenters' and the public form's), never passed to a decoder.
    /// </summary>
    public static bool ClaimsAnImageItIsNot(string contentType, ReadOnlySpan<byte> bytes) =>
        Images.Contains(contentType) && !string.Equals(Sniff(bytes), contentType, StringComparison.OrdinalIgnoreCase);
}
