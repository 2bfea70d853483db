using System.Text.Json;
using System.Text.Json.Serialization;

namespace Dalel.Core;

internal static class Json
{
    /// <summary>For Dalel's own data files and for records sealed into the store and exports.</summary>
    public static readonly JsonSerializerOptions Files = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Russian and Kazakh stay readable in exports (and three times smaller than \uXXXX); never embedded in HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Export lines: the same shape, unindented, one object per line.</summary>
    public static readonly JsonSerializerOptions Lines = new(Files) { WriteIndented = false };
}
