namespace NMcs;

/// <summary>
/// A request the domain refuses. <see cref="Code"/> is machine-readable (it becomes GraphQL's
/// <c>errors[].extensions.code</c>), <see cref="Field"/> names the offending input and the message says how to fix it.
/// </summary>
public sealed class DomainException : Exception
{
    /// <summary>Creates a refusal.</summary>
    public DomainException(string code, string? field, string message)
        : base(message)
    {
        Code = code;
        Field = field;
    }

    /// <summary>Creates a refusal without a field.</summary>
    public DomainException()
        : this("INVALID", null, "The request was refused.")
    {
    }

    /// <summary>Creates a refusal with a message only.</summary>
    public DomainException(string message)
        : this("INVALID", null, message)
    {
    }

    /// <summary>Creates a refusal wrapping another error.</summary>
    public DomainException(string message, Exception innerException)
        : base(message, innerException)
    {
        Code = "INVALID";
    }

    /// <summary>Machine-readable error code, e.g. <c>INVALID_ICCID</c>.</summary>
    public string Code { get; } = "INVALID";

    /// <summary>The input field that is wrong, when there is one.</summary>
    public string? Field { get; }
}
