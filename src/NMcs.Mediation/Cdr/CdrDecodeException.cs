namespace NMcs.Mediation.Cdr;

/// <summary>
/// Raised inside the decoder when a field is malformed; caught at the decoder's entry point and turned into a
/// <see cref="CdrFieldError"/>, so it never reaches a caller.
/// </summary>
internal sealed class CdrDecodeException(string field, string reason) : Exception($"{field}: {reason}")
{
    public string Field { get; } = field;

    public string Reason { get; } = reason;
}
