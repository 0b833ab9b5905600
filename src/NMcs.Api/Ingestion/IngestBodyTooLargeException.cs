namespace NMcs.Api.Ingestion;

/// <summary>A pushed body (after decompression) is larger than <see cref="IngestionOptions.MaxBodyBytes"/>.</summary>
public sealed class IngestBodyTooLargeException : Exception
{
    /// <summary>Creates the exception for <paramref name="limit"/> bytes.</summary>
    public IngestBodyTooLargeException(long limit)
        : base($"the body is larger than {limit} bytes (after decompression); split it into smaller batches.")
    {
    }

    /// <summary>Creates the exception.</summary>
    public IngestBodyTooLargeException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public IngestBodyTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public IngestBodyTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
