using System.Text;
using NMcs.Simulators.Tcp;

namespace NMcs.Simulators.Tests;

public sealed class TcpElementSimulatorTests : IAsyncLifetime
{
    private readonly TcpElementSimulator _tcp = new();

    public Task InitializeAsync() => _tcp.StartAsync();

    public Task DisposeAsync() => _tcp.DisposeAsync().AsTask();

    [Fact]
    public async Task Create_get_modify_and_delete_round_trip()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);

        Assert.Equal("0", (await client.SendAsync("CREATE", "MSISDN=491700000001", "IMSI=262010000000001", "APN=internet", "IP=10.0.0.7"))!["CODE"]);
        var got = (await client.SendAsync("GET", "MSISDN=491700000001"))!;
        Assert.Equal(("0", "262010000000001", "internet", "10.0.0.7", "false"), (got["CODE"], got["IMSI"], got["APN"], got["IP"], got["BARRED"]));

        Assert.Equal("0", (await client.SendAsync("MODIFY", "MSISDN=491700000001", "IMSI=262010000000009", "BARRED=true", "IP=2001:DB8:0:0::1"))!["CODE"]);
        Assert.Equal([new TcpSubscriber("491700000001", "262010000000009", "internet", "2001:db8::1", true)], _tcp.Subscribers);

        Assert.Equal("0", (await client.SendAsync("MODIFY", "MSISDN=491700000001", "IP="))!["CODE"]);
        Assert.Null(Assert.Single(_tcp.Subscribers).Ip);
        Assert.Equal("", (await client.SendAsync("GET", "MSISDN=491700000001"))!["IP"]);

        Assert.Equal("0", (await client.SendAsync("DELETE", "MSISDN=491700000001"))!["CODE"]);
        Assert.Empty(_tcp.Subscribers);
    }

    [Fact]
    public async Task Refusals_carry_codes_and_change_nothing()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        await client.SendAsync("CREATE", "MSISDN=491700000001", "IMSI=262010000000001", "APN=internet", "IP=10.0.0.7");
        await client.SendAsync("CREATE", "MSISDN=491700000002", "IMSI=262010000000002", "APN=internet");
        var before = _tcp.Subscribers;

        Assert.Equal("3002", await Code(client, "CREATE", "MSISDN=491700000001", "IMSI=262010000000003", "APN=internet"));
        Assert.Equal("3003", await Code(client, "CREATE", "MSISDN=491700000003", "IMSI=262010000000001", "APN=internet"));
        Assert.Equal("3004", await Code(client, "CREATE", "MSISDN=491700000003", "IMSI=262010000000003", "APN=internet", "IP=10.0.0.7"));
        Assert.Equal("3004", await Code(client, "MODIFY", "MSISDN=491700000002", "IP=10.0.0.7"));
        Assert.Equal("3003", await Code(client, "MODIFY", "MSISDN=491700000002", "IMSI=262010000000001"));
        Assert.Equal("3001", await Code(client, "GET", "MSISDN=491700000009"));
        Assert.Equal("3001", await Code(client, "DELETE", "MSISDN=491700000009"));
        Assert.Equal("1004", await Code(client, "CREATE", "MSISDN=491700000003", "IMSI=262010000000003", "APN=internet", "IP=10.0.7"));
        Assert.Equal("1004", await Code(client, "MODIFY", "MSISDN=491700000001", "BARRED=yes"));
        Assert.Equal("1001", await Code(client, "CREATE", "MSISDN=491700000003", "IMSI=262010000000003"));
        Assert.Equal("1001", await Code(client, "MODIFY", "MSISDN=491700000001"));
        Assert.Equal("1001", await Code(client, "GET", "MSISDN=491700000001", "PROFILE=1"));
        Assert.Equal("1005", await Code(client, "RESET"));

        // The same static IP on another APN is fine.
        Assert.Equal("0", await Code(client, "CREATE", "MSISDN=491700000003", "IMSI=262010000000003", "APN=iot.m2m", "IP=10.0.0.7"));
        Assert.Equal(before.Count + 1, _tcp.Subscribers.Count);
        Assert.Equal(before, _tcp.Subscribers.Where(s => s.Msisdn != "491700000003"));
    }

    [Fact]
    public async Task Subscriber_operations_need_a_login_and_a_wrong_password_is_refused()
    {
        await using var client = await TcpTestClient.ConnectAsync(_tcp.Port);

        Assert.Equal("1003", await Code(client, "GET", "MSISDN=491700000001"));
        Assert.Equal("1002", await Code(client, "LOGIN", "USER=nmcs", "PASSWORD=wrong"));
        Assert.Equal("1003", await Code(client, "GET", "MSISDN=491700000001"));
        Assert.Equal("0", await Code(client, "LOGIN", "USER=nmcs", "PASSWORD=nmcs"));
        Assert.Equal("3001", await Code(client, "GET", "MSISDN=491700000001"));
    }

    [Fact]
    public async Task A_payload_that_is_not_key_value_lines_is_a_syntax_error_and_the_connection_stays_open()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);

        var reply = TcpMessage.Parse((await client.SendRawAsync(Encoding.UTF8.GetBytes("hello world")))!)!;

        Assert.Equal("1001", reply["CODE"]);
        Assert.False(reply.ContainsKey("ID"));
        Assert.Equal("3001", await Code(client, "GET", "MSISDN=491700000001"));
    }

    [Fact]
    public async Task An_oversize_frame_is_answered_1006_and_the_connection_is_closed()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);

        await client.WriteFrameAsync(TcpFrame.MaxPayloadBytes + 1, new byte[1024]);
        var reply = TcpMessage.Parse((await client.ReadFrameAsync())!)!;

        Assert.Equal("1006", reply["CODE"]);
        Assert.Null(await client.ReadFrameAsync());
    }

    [Fact]
    public async Task A_frame_of_exactly_64_KiB_is_accepted()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        var payload = Encoding.UTF8.GetBytes("ID=1\nOP=GET\nMSISDN=491700000001\n");
        var padded = payload.Concat(Enumerable.Repeat((byte)'\n', TcpFrame.MaxPayloadBytes - payload.Length)).ToArray();

        var reply = TcpMessage.Parse((await client.SendRawAsync(padded))!)!;

        Assert.Equal("3001", reply["CODE"]);
    }

    private static async Task<string> Code(TcpTestClient client, string op, params string[] lines) =>
        (await client.SendAsync(op, lines))!["CODE"];
}
