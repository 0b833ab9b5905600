using NMcs.Simulators.Hlr;

namespace NMcs.Simulators.Tests;

public sealed class CaiDialectTests : IAsyncLifetime
{
    private readonly HlrSimulator _hlr = new();

    public Task InitializeAsync() => _hlr.StartAsync();

    public Task DisposeAsync() => _hlr.DisposeAsync().AsTask();

    [Fact]
    public void Starts_on_an_ephemeral_port()
    {
        Assert.NotEqual(0, _hlr.Port);
    }

    [Fact]
    public async Task Commands_before_login_are_refused()
    {
        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);

        Assert.Equal("RESP:1003;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
        Assert.Equal("RESP:1003;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
        Assert.Empty(_hlr.Subscribers);
    }

    [Fact]
    public async Task Wrong_password_is_refused_and_leaves_the_session_logged_out()
    {
        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);

        Assert.Equal("RESP:1002;", await client.SendAsync("LOGIN:nmcs:wrong;"));
        Assert.Equal("RESP:1003;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
    }

    [Fact]
    public async Task Logout_ends_the_login()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Equal("RESP:0;", await client.SendAsync("LOGOUT;"));
        Assert.Equal("RESP:1003;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
    }

    [Fact]
    public async Task Create_get_set_swap_delete_round_trip()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Equal("RESP:0;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,7;"));
        Assert.Equal(
            "RESP:0:MSISDN,491700000001:IMSI,262010000000001:PROFILE,7:STATUS,ACTIVE;",
            await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));

        Assert.Equal("RESP:0;", await client.SendAsync("SET:HLRSUB:MSISDN,491700000001:STATUS,BARRED;"));
        Assert.Equal("RESP:0;", await client.SendAsync("SET:HLRSUB:MSISDN,491700000001:IMSI,262010000000002;"));
        Assert.Equal(
            "RESP:0:MSISDN,491700000001:IMSI,262010000000002:PROFILE,7:STATUS,BARRED;",
            await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
        Assert.Equal(
            [new HlrSubscriber("491700000001", "262010000000002", 7, HlrSubscriberStatus.Barred)],
            _hlr.Subscribers);

        // The old IMSI is free again after the swap.
        Assert.Equal("RESP:0;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000002:IMSI,262010000000001:PROFILE,1;"));

        Assert.Equal("RESP:0;", await client.SendAsync("DELETE:HLRSUB:MSISDN,491700000001;"));
        Assert.Equal("RESP:3001;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
        Assert.Equal(["491700000002"], _hlr.Subscribers.Select(s => s.Msisdn));
    }

    [Fact]
    public async Task Duplicate_create_is_refused_and_the_table_is_unchanged()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
        var before = _hlr.Subscribers;

        Assert.Equal("RESP:3002;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000009:PROFILE,2;"));
        Assert.Equal("RESP:3003;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000009:IMSI,262010000000001:PROFILE,2;"));

        Assert.Equal(before, _hlr.Subscribers);
    }

    [Fact]
    public async Task Swap_to_an_imsi_in_use_is_refused()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;");
        await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000002:IMSI,262010000000002:PROFILE,1;");

        Assert.Equal("RESP:3003;", await client.SendAsync("SET:HLRSUB:MSISDN,491700000001:IMSI,262010000000002;"));
        Assert.Equal("262010000000001", _hlr.Subscribers[0].Imsi);
    }

    [Theory]
    [InlineData("SET:HLRSUB:MSISDN,491700000404:STATUS,BARRED;")]
    [InlineData("DELETE:HLRSUB:MSISDN,491700000404;")]
    [InlineData("GET:HLRSUB:MSISDN,491700000404;")]
    public async Task Unknown_subscriber_answers_3001(string command)
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Equal("RESP:3001;", await client.SendAsync(command));
    }

    [Theory]
    [InlineData("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001;", "RESP:1001;")]
    [InlineData("CREATE:HLRSUB:MSISDN491700000001:IMSI,262010000000001:PROFILE,1;", "RESP:1001;")]
    [InlineData("CREATE:HLRSUB:MSISDN,1:MSISDN,2:IMSI,262010000000001:PROFILE,1;", "RESP:1001;")]
    [InlineData("CREATE:HLRSUB:MSISDN,4917x0000001:IMSI,262010000000001:PROFILE,1;", "RESP:1004;")]
    [InlineData("CREATE:HLRSUB:MSISDN,491700000001:IMSI,2620100000000019999:PROFILE,1;", "RESP:1004;")]
    [InlineData("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,x;", "RESP:1004;")]
    [InlineData("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1:COLOUR,RED;", "RESP:1001;")]
    [InlineData("SET:HLRSUB:MSISDN,491700000001:STATUS,ASLEEP;", "RESP:1004;")]
    [InlineData("SET:HLRSUB:MSISDN,491700000001;", "RESP:1001;")]
    [InlineData("GET:HLRSUB;", "RESP:1001;")]
    [InlineData("GET:VLRSUB:MSISDN,491700000001;", "RESP:1005;")]
    [InlineData("FROBNICATE:HLRSUB:MSISDN,491700000001;", "RESP:1005;")]
    [InlineData("LOGIN:nmcs;", "RESP:1001;")]
    public async Task Malformed_commands_get_an_error_code_and_change_nothing(string command, string expected)
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        Assert.Equal(expected, await client.SendAsync(command));
        Assert.Empty(_hlr.Subscribers);
    }

    [Fact]
    public async Task Commands_may_span_lines_share_a_line_and_end_in_lf_only()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);

        await client.WriteRawAsync("CREATE:HLRSUB:MSISDN,491700000001:\r\nIMSI,262010000000001:PROFILE,1;GET:HLRSUB:MSISDN,491700000001;\n");

        Assert.Equal("RESP:0;", await client.ReadLineAsync());
        Assert.Equal("RESP:0:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1:STATUS,ACTIVE;", await client.ReadLineAsync());
    }
}
