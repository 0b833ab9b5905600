namespace NMcs.Grains;

/// <summary>
/// How a <see cref="DomainException"/> crosses a silo boundary: its code, field and message. Without it a refusal
/// raised in a grain on another silo (or answered to a cluster client) reached the caller as a codec error instead of
/// the refusal.
/// </summary>
[GenerateSerializer, Alias("nmcs.DomainException")]
public readonly record struct DomainExceptionSurrogate(
    [property: Id(0)] string Code,
    [property: Id(1)] string? Field,
    [property: Id(2)] string Message);

/// <summary>Converts <see cref="DomainException"/> to and from <see cref="DomainExceptionSurrogate"/>.</summary>
[RegisterConverter]
public sealed class DomainExceptionConverter : IConverter<DomainException, DomainExceptionSurrogate>
{
    /// <inheritdoc />
    public DomainException ConvertFromSurrogate(in DomainExceptionSurrogate surrogate) => new(surrogate.Code, surrogate.Field, surrogate.Message);

    /// <inheritdoc />
    public DomainExceptionSurrogate ConvertToSurrogate(in DomainException value) => new(value.Code, value.Field, value.Message);
}
