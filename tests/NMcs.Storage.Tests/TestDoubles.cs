using System.Diagnostics.CodeAnalysis;
using Orleans.Storage;

namespace NMcs.Storage.Tests;

/// <summary>Serializes grain state as JSON, so the storage is tested without Orleans' serializer.</summary>
internal sealed class JsonGrainStorageSerializer : IGrainStorageSerializer
{
    public BinaryData Serialize<T>(T? input) => BinaryData.FromObjectAsJson(input);

    public T Deserialize<T>(BinaryData input) => input.ToObjectFromJson<T>()!;
}

internal sealed class TestGrainState<T> : IGrainState<T>
    where T : new()
{
    private T _state = new();

    [AllowNull]
    public T State
    {
        get => _state;
        set => _state = value!;
    }

    public string? ETag { get; set; }

    public bool RecordExists { get; set; }
}

public sealed class SimState
{
    public string Status { get; set; } = string.Empty;

    public decimal Balance { get; set; }

    public List<string> Tags { get; set; } = [];
}
