namespace NMcs.Storage.Resources;

/// <summary>Whether an APN is open to every customer or a private (enterprise) APN.</summary>
public enum ApnType
{
    /// <summary>Open to every customer, e.g. the operator's internet APN.</summary>
    Public,

    /// <summary>Reserved to the customers allowed on it (an enterprise APN, typically with fixed IPs).</summary>
    Private,
}
