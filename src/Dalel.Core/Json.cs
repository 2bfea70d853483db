using System.Collections;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

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
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { SkipEmptyCollections } },
    };

    /// <summary>Export lines: the same shape, unindented, one object per line.</summary>
    public static readonly JsonSerializerOptions Lines = new(Files) { WriteIndented = false };

    /// <summary>
    /// Reading sealed cases: vocabulary codes come back as the one shared string per code instead of a copy per case,
    /// which matters with a million cases in memory.
    /// </summary>
    public static readonly JsonSerializerOptions Cases = new(Files) { Converters = { new SharedCodes(), new ExactArrays() } };

    /// <summary>An empty list is left out when written; read back, the property keeps its shared empty default.</summary>
    private static void SkipEmptyCollections(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (typeof(ICollection).IsAssignableFrom(property.PropertyType) || property.PropertyType.IsGenericType && property.PropertyType.GetGenericTypeDefinition() == typeof(IReadOnlyList<>))
            {
                property.ShouldSerialize = (_, value) => value is not ICollection { Count: 0 };
            }
        }
    }

    /// <summary>Lists are read as arrays of exactly their length: a one-item List keeps room for four.</summary>
    private sealed class ExactArrays : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(IReadOnlyList<>);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(ArrayOf<>).MakeGenericType(typeToConvert.GetGenericArguments()[0]))!;

        private sealed class ArrayOf<T> : JsonConverter<IReadOnlyList<T>>
        {
            private JsonTypeInfo<T>? _element;

            public override IReadOnlyList<T> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
            {
                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new JsonException("Expected a list.");
                }

                var element = _element ??= (JsonTypeInfo<T>)options.GetTypeInfo(typeof(T));
                var items = new List<T>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(JsonSerializer.Deserialize(ref reader, element)!);
                }

                return items.Count > 0 ? items.ToArray() : [];
            }

            public override void Write(Utf8JsonWriter writer, IReadOnlyList<T> value, JsonSerializerOptions options) =>
                JsonSerializer.Serialize(writer, value.ToArray(), options);
        }
    }

    /// <summary>Older sealed cases were JSON; their codes are shared the same way as the binary form's.</summary>
    private sealed class SharedCodes : JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && !reader.HasValueSequence && !reader.ValueIsEscaped
                ? global::Dalel.Core.Cases.SharedCodes.Get(reader.ValueSpan)
                : reader.GetString();

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }
}
