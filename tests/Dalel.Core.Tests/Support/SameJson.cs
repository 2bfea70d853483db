using System.Text.Json;

namespace Dalel.Core.Tests.Support;

/// <summary>Records holding lists compare lists by reference; their JSON form compares by content.</summary>
public static class SameJson
{
    public static void Equal<T>(T expected, T actual) =>
        Assert.Equal(JsonSerializer.Serialize(expected, Json.Files), JsonSerializer.Serialize(actual, Json.Files));
}
