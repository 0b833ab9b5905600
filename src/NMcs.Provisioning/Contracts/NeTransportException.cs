namespace NMcs.Provisioning.Contracts;

/// <summary>No usable answer from a network element: connection refused or dropped, timeout, or an unparseable reply.</summary>
public sealed class NeTransportException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NeTransportException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NeTransportException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public NeTransportException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
