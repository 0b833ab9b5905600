using System.Net;

namespace NMcs.Api.Ingestion;

/// <summary>A configured network element, its key reduced to a hash.</summary>
/// <param name="Id">The element's id; the source name of its batches.</param>
/// <param name="KeySha256">SHA-256 of its API key.</param>
/// <param name="AllowedSources">Networks it may push from; empty: any.</param>
public sealed record NetworkElement(string Id, byte[] KeySha256, IReadOnlyList<IPNetwork> AllowedSources)
{
    /// <summary>True when a request from <paramref name="address"/> may come from this element.</summary>
    public bool MayPushFrom(IPAddress? address)
    {
        if (AllowedSources.Count == 0)
        {
            return true;
        }

        if (address is null)
        {
            return false;
        }

        var normal = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
        return AllowedSources.Any(network => network.Contains(normal));
    }
}
