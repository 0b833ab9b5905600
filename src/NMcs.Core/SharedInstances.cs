using System.Collections.Concurrent;

namespace NMcs;

/// <summary>
/// Hands out one shared instance per distinct value, so that long-lived tables holding the same value many times hold
/// one object (interning). Bounded: once it holds <c>maxCount</c> values, a value not held yet is returned as it is —
/// equal values still compare equal, sharing only saves memory. Safe for concurrent use.
/// </summary>
/// <typeparam name="T">A type whose equality is by value.</typeparam>
public sealed class SharedInstances<T>(int maxCount, IEqualityComparer<T>? comparer = null)
    where T : notnull
{
    private readonly ConcurrentDictionary<T, T> _held = new(comparer);

    /// <summary>Values held.</summary>
    public int Count => _held.Count;

    /// <summary>The held instance equal to <paramref name="value"/>, or <paramref name="value"/> itself (held from now on while there is room).</summary>
    public T Get(T value) =>
        _held.TryGetValue(value, out var held) ? held : _held.Count < maxCount ? _held.GetOrAdd(value, value) : value;
}
