namespace NMcs.Api.Ingestion;

/// <summary>One network element allowed to push usage (<c>NMcs:Ingestion:NetworkElements:N</c>).</summary>
public sealed class NetworkElementOptions
{
    /// <summary>The element's id, e.g. <c>pgw-fra1</c>: letters, digits, '-', '_', '.'. It names the source of its batches.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The API key in clear text (e.g. from an environment variable). Set this or <see cref="ApiKeySha256"/>.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The SHA-256 of the API key as 64 hex digits, so the configuration need not hold the key itself.</summary>
    public string? ApiKeySha256 { get; set; }

    /// <summary>Addresses the element may push from: IP addresses or CIDR ranges (<c>10.20.0.0/16</c>). Empty: any.</summary>
    public List<string> AllowedSources { get; set; } = [];
}
