using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The network elements allowed to push usage, from <c>NMcs:Ingestion:NetworkElements</c>, and the check of a request's
/// API key (header <c>X-Api-Key</c>, or <c>Authorization: ApiKey &lt;key&gt;</c>). Keys are kept only as SHA-256
/// hashes. A configuration mistake stops the host at start, naming the key and the fix.
/// </summary>
public sealed class NetworkElementRegistry
{
    /// <summary>Source name of batches pushed while ingestion is open (no network elements configured).</summary>
    public const string AnonymousSource = "anonymous";

    private readonly Dictionary<string, NetworkElement> _byKeyHash = new(StringComparer.Ordinal);

    /// <summary>Reads and checks the configured elements.</summary>
    public NetworkElementRegistry(IOptions<IngestionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var elements = new List<NetworkElement>();
        var configured = options.Value.NetworkElements;
        for (var i = 0; i < configured.Count; i++)
        {
            var key = string.Create(CultureInfo.InvariantCulture, $"{IngestionOptions.Section}:NetworkElements:{i}");
            var element = Read(configured[i], key);
            if (!ids.Add(element.Id))
            {
                throw new InvalidOperationException($"{key}:Id '{element.Id}' is configured twice; give every network element its own id.");
            }

            if (!_byKeyHash.TryAdd(Convert.ToHexString(element.KeySha256), element))
            {
                throw new InvalidOperationException($"{key}: network element '{element.Id}' has the same API key as another one; give every network element its own key.");
            }

            elements.Add(element);
        }

        Elements = elements;
    }

    /// <summary>The configured elements, in configuration order.</summary>
    public IReadOnlyList<NetworkElement> Elements { get; }

    /// <summary>True when no element is configured: anyone may push.</summary>
    public bool IsOpen => Elements.Count == 0;

    /// <summary>Which element sent <paramref name="request"/>, or why it is refused.</summary>
    public NetworkElementCheck Authenticate(HttpRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsOpen)
        {
            return new NetworkElementCheck(null, null);
        }

        var key = PresentedKey(request);
        if (key is null)
        {
            return NetworkElementCheck.Refused(
                StatusCodes.Status401Unauthorized,
                "unauthorized",
                "this platform accepts usage only from configured network elements: send the element's key in header X-Api-Key (or Authorization: ApiKey <key>). Nothing was recorded.");
        }

        var hash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        if (!_byKeyHash.TryGetValue(hash, out var element))
        {
            return NetworkElementCheck.Refused(
                StatusCodes.Status401Unauthorized,
                "unauthorized",
                "the API key is not the key of any configured network element (NMcs:Ingestion:NetworkElements); check the key the element sends. Nothing was recorded.");
        }

        var address = request.HttpContext.Connection.RemoteIpAddress;
        if (!element.MayPushFrom(address))
        {
            return NetworkElementCheck.Refused(
                StatusCodes.Status403Forbidden,
                "forbidden",
                $"network element '{element.Id}' may push only from {string.Join(", ", element.AllowedSources)} (its AllowedSources); this request came from {address}. Nothing was recorded.");
        }

        return new NetworkElementCheck(element, null);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        var header = request.Headers["X-Api-Key"].ToString().Trim();
        if (header.Length > 0)
        {
            return header;
        }

        var authorization = request.Headers.Authorization.ToString().Trim();
        const string scheme = "ApiKey ";
        return authorization.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) && authorization.Length > scheme.Length
            ? authorization[scheme.Length..].Trim()
            : null;
    }

    private static NetworkElement Read(NetworkElementOptions options, string key)
    {
        var id = options.Id?.Trim() ?? string.Empty;
        if (id.Length is 0 or > 64 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
        {
            throw new InvalidOperationException($"{key}:Id '{id}' is not a network element id; use 1 to 64 letters, digits, '-', '_' or '.', e.g. pgw-fra1.");
        }

        byte[] hash;
        var clear = options.ApiKey;
        var hex = options.ApiKeySha256?.Trim();
        if (!string.IsNullOrEmpty(clear) && !string.IsNullOrEmpty(hex))
        {
            throw new InvalidOperationException($"{key}: network element '{id}' has both ApiKey and ApiKeySha256; set one of them.");
        }

        if (!string.IsNullOrEmpty(clear))
        {
            if (clear.Trim().Length < 16)
            {
                throw new InvalidOperationException($"{key}:ApiKey of network element '{id}' is shorter than 16 characters; use a long random key, e.g. from `openssl rand -hex 32`.");
            }

            hash = SHA256.HashData(Encoding.UTF8.GetBytes(clear.Trim()));
        }
        else if (!string.IsNullOrEmpty(hex))
        {
            if (hex.Length != 64 || !hex.All(char.IsAsciiHexDigit))
            {
                throw new InvalidOperationException($"{key}:ApiKeySha256 of network element '{id}' must be 64 hex digits, the SHA-256 of the key (`printf %s KEY | sha256sum`).");
            }

            hash = Convert.FromHexString(hex);
        }
        else
        {
            throw new InvalidOperationException($"{key}: network element '{id}' has no key; set ApiKey (e.g. from the environment variable NMcs__Ingestion__NetworkElements__N__ApiKey) or ApiKeySha256.");
        }

        var networks = new List<IPNetwork>();
        foreach (var text in options.AllowedSources)
        {
            var value = text.Trim();
            if (IPNetwork.TryParse(value, out var network))
            {
                networks.Add(network);
            }
            else if (IPAddress.TryParse(value, out var address))
            {
                var single = address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
                networks.Add(new IPNetwork(single, single.GetAddressBytes().Length * 8));
            }
            else
            {
                throw new InvalidOperationException($"{key}:AllowedSources entry '{value}' of network element '{id}' is neither an IP address nor a CIDR range such as 10.20.0.0/16.");
            }
        }

        return new NetworkElement(id, hash, networks);
    }
}
