using NMcs.Mediation.Csv;

namespace NMcs.Mediation.Collection;

/// <summary>
/// Configuration section <c>NMcs:Mediation</c>: the CDR file collector's folders and the per-source file mappings.
/// The collector is off while <see cref="InboundFolder"/> is empty.
/// </summary>
public sealed class MediationOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "NMcs:Mediation";

    /// <summary>Folder watched for CDR files (CSV by a source mapping, 3GPP TS 32.297 files). Off when empty.</summary>
    public string? InboundFolder { get; set; }

    /// <summary>Where fully processed files are moved. Default: <c>archive</c> beside the inbound folder.</summary>
    public string? ArchiveFolder { get; set; }

    /// <summary>Where files that cannot be read are moved, each with a <c>.report.txt</c>. Default: <c>quarantine</c> beside the inbound folder.</summary>
    public string? QuarantineFolder { get; set; }

    /// <summary>Seconds between scans of the inbound folder. A file is taken once its size stayed the same for one scan.</summary>
    public double PollSeconds { get; set; } = 2;

    /// <summary>Records handed to rating per step; progress through a file is committed after each step.</summary>
    public int BatchSize { get; set; } = 5_000;

    /// <summary>
    /// Most records per second one file is read at (0: no limit), so a large backlog of files does not take the
    /// capacity real-time push ingestion needs.
    /// </summary>
    public int MaxRecordsPerSecond { get; set; }

    /// <summary>File names ending like this belong to 3GPP TS 32.297 CDR files (BER-encoded PGW/SGW records).</summary>
    public List<string> CdrFilePatterns { get; set; } = ["*.cdr", "*.ber", "*.asn1"];

    /// <summary>The operator's own network (MCC-MNC such as <c>234-15</c>): a CDR from another network is roaming usage.</summary>
    public string? HomePlmn { get; set; }

    /// <summary>CSV sources: which columns of which files feed which usage fields (docs/mediation.md).</summary>
    public CsvMediationOptions Csv { get; set; } = new();

    /// <summary>Resolved archive folder.</summary>
    public string ArchivePath => Path.GetFullPath(ArchiveFolder ?? Path.Combine(InboundFolder ?? ".", "..", "archive"));

    /// <summary>Resolved quarantine folder.</summary>
    public string QuarantinePath => Path.GetFullPath(QuarantineFolder ?? Path.Combine(InboundFolder ?? ".", "..", "quarantine"));
}
