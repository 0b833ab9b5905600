namespace NMcs.Mediation.Collection;

/// <summary>One kind of CDR file the collector reads: which file names it takes and how it turns them into usage.</summary>
public interface ICdrFileFormat
{
    /// <summary>Name shown in import reports, e.g. the CSV source name or <c>3gpp-32.297</c>.</summary>
    string Name { get; }

    /// <summary>True when this format reads <paramref name="fileName"/> (a bare file name).</summary>
    bool Matches(string fileName);

    /// <summary>
    /// The file's records in order, each usage or a reject, after skipping the first <paramref name="skip"/> of them
    /// (a resumed import). Positions are stable: the same file always numbers the same record the same way. Throws
    /// <see cref="CdrFileRejectedException"/> when the file as a whole cannot be read (its header, framing or layout).
    /// </summary>
    IEnumerable<CdrFileItem> Read(string fileName, Stream content, long skip);
}

/// <summary>One record of a file: usage, or a reject with its reason.</summary>
/// <param name="Position">Record number in the file (1-based), the unit of <c>skip</c>.</param>
/// <param name="Usage">The usage, when the record is good.</param>
/// <param name="Reject">Why the record was not taken, when it is bad.</param>
public sealed record CdrFileItem(long Position, MediatedUsage? Usage, SourceReject? Reject);

/// <summary>A file that cannot be read at all: it goes to quarantine with this reason.</summary>
public sealed class CdrFileRejectedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public CdrFileRejectedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public CdrFileRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public CdrFileRejectedException()
    {
    }
}
