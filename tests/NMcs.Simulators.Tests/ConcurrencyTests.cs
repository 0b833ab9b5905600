using System.Globalization;
using NMcs.Simulators.Hlr;

namespace NMcs.Simulators.Tests;

public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly HlrSimulator _hlr = new();

    public Task InitializeAsync() => _hlr.StartAsync();

    public Task DisposeAsync() => _hlr.DisposeAsync().AsTask();

    [Fact]
    public async Task Eight_sessions_creating_fifty_subscribers_each_end_with_four_hundred_rows()
    {
        const int Clients = 8;
        const int PerClient = 50;

        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async c =>
        {
            await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
            for (var i = 0; i < PerClient; i++)
            {
                var n = ((c * PerClient) + i).ToString("D6", CultureInfo.InvariantCulture);
                Assert.Equal("RESP:0;", await client.SendAsync($"CREATE:HLRSUB:MSISDN,491700{n}:IMSI,262010000{n}:PROFILE,{c};"));
            }
        }));

        var subscribers = _hlr.Subscribers;
        Assert.Equal(Clients * PerClient, subscribers.Count);
        Assert.Equal(Clients * PerClient, subscribers.Select(s => s.Imsi).Distinct().Count());
        Assert.All(Enumerable.Range(0, Clients), c => Assert.Equal(PerClient, subscribers.Count(s => s.Profile == c)));
    }

    [Fact]
    public async Task Racing_creates_of_one_msisdn_admit_exactly_one()
    {
        var replies = await Task.WhenAll(Enumerable.Range(0, 8).Select(async c =>
        {
            await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
            return await client.SendAsync($"CREATE:HLRSUB:MSISDN,491700000001:IMSI,26201000000000{c}:PROFILE,1;");
        }));

        Assert.Single(replies, r => r == "RESP:0;");
        Assert.Equal(7, replies.Count(r => r == "RESP:3002;"));
        Assert.Single(_hlr.Subscribers);
    }

    [Fact]
    public async Task Stop_closes_open_sessions()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        await _hlr.StopAsync();

        Assert.Null(await client.ReadLineAsync());
    }
}
