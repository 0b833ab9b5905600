using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using NMcs.Api.Ingestion;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>Network element configuration checks and API key authentication, without a host.</summary>
public sealed class NetworkElementRegistryTests
{
    private const string Key = "a-long-random-key-0123456789";

    [Fact]
    public void Without_elements_ingestion_is_open()
    {
        var registry = Registry();
        Assert.True(registry.IsOpen);
        Assert.Equal(new NetworkElementCheck(null, null), registry.Authenticate(Request()));
    }

    [Theory]
    [InlineData("X-Api-Key", Key)]
    [InlineData("Authorization", "ApiKey " + Key)]
    [InlineData("Authorization", "apikey " + Key)]
    public void A_key_in_either_header_names_its_element(string header, string value)
    {
        var registry = Registry(new NetworkElementOptions { Id = "pgw-1", ApiKeySha256 = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(Key))) });
        var check = registry.Authenticate(Request((header, value)));
        Assert.Null(check.Refusal);
        Assert.Equal("pgw-1", check.Element?.Id);
    }

    [Fact]
    public void Missing_unknown_and_misplaced_keys_are_refused()
    {
        var registry = Registry(
            new NetworkElementOptions { Id = "pgw-1", ApiKey = Key },
            new NetworkElementOptions { Id = "meter-1", ApiKey = Key + "-meter", AllowedSources = ["10.0.0.0/8", "192.168.1.7"] });
        Assert.Equal((401, "unauthorized"), Status(registry.Authenticate(Request())));
        Assert.Equal((401, "unauthorized"), Status(registry.Authenticate(Request(("X-Api-Key", "wrong-key")))));
        Assert.Equal((401, "unauthorized"), Status(registry.Authenticate(Request(("Authorization", "Bearer " + Key)))));
        Assert.Equal((403, "forbidden"), Status(registry.Authenticate(Request(("X-Api-Key", Key + "-meter")))));
        Assert.Equal("meter-1", registry.Authenticate(Request(IPAddress.Parse("10.1.2.3"), ("X-Api-Key", Key + "-meter"))).Element?.Id);
        Assert.Equal("meter-1", registry.Authenticate(Request(IPAddress.Parse("192.168.1.7").MapToIPv6(), ("X-Api-Key", Key + "-meter"))).Element?.Id);
    }

    [Theory]
    [InlineData("", Key, null, "Id ''")]
    [InlineData("pgw 1", Key, null, "not a network element id")]
    [InlineData("pgw-1", null, null, "has no key")]
    [InlineData("pgw-1", "short", null, "shorter than 16")]
    [InlineData("pgw-1", Key, "00", "both ApiKey and ApiKeySha256")]
    [InlineData("pgw-1", null, "abc", "64 hex digits")]
    public void A_wrong_entry_stops_the_host_naming_the_configuration_key(string id, string? key, string? sha, string message)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Registry(new NetworkElementOptions { Id = id, ApiKey = key, ApiKeySha256 = sha }));
        Assert.StartsWith("NMcs:Ingestion:NetworkElements:0", error.Message, StringComparison.Ordinal);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ids_keys_and_allowed_sources_are_checked()
    {
        Assert.Contains("configured twice", Assert.Throws<InvalidOperationException>(() => Registry(
            new NetworkElementOptions { Id = "pgw-1", ApiKey = Key }, new NetworkElementOptions { Id = "pgw-1", ApiKey = Key + "2" })).Message, StringComparison.Ordinal);
        Assert.Contains("same API key", Assert.Throws<InvalidOperationException>(() => Registry(
            new NetworkElementOptions { Id = "pgw-1", ApiKey = Key }, new NetworkElementOptions { Id = "pgw-2", ApiKey = Key })).Message, StringComparison.Ordinal);
        Assert.Contains("CIDR", Assert.Throws<InvalidOperationException>(() => Registry(
            new NetworkElementOptions { Id = "pgw-1", ApiKey = Key, AllowedSources = ["10.0.0.0/33"] })).Message, StringComparison.Ordinal);
    }

    private static NetworkElementRegistry Registry(params NetworkElementOptions[] elements) =>
        new(Options.Create(new IngestionOptions { NetworkElements = [.. elements] }));

    private static (int, string) Status(NetworkElementCheck check) => (check.Refusal!.Status, check.Refusal.Reason);

    private static HttpRequest Request(params (string Name, string Value)[] headers) => Request(IPAddress.Loopback, headers);

    private static HttpRequest Request(IPAddress from, params (string Name, string Value)[] headers)
    {
        var context = new DefaultHttpContext();
        context.Connection.RemoteIpAddress = from;
        foreach (var (name, value) in headers)
        {
            context.Request.Headers[name] = value;
        }

        return context.Request;
    }
}
