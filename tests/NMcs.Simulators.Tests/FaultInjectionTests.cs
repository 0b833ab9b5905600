using System.Diagnostics;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Hlr;

namespace NMcs.Simulators.Tests;

[Trait("Category", "Faults")]
public sealed class FaultInjectionTests : IAsyncLifetime
{
    private readonly HlrSimulator _hlr = new();

    public Task InitializeAsync() => _hlr.StartAsync();

    public Task DisposeAsync() => _hlr.DisposeAsync().AsTask();

    [Fact]
    public async Task Drop_closes_the_connection_without_executing()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        _hlr.Faults.Inject(new Fault(FaultKind.Drop));

        Assert.Null(await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
        Assert.Empty(_hlr.Subscribers);

        await using var next = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await next.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
    }

    [Fact]
    public async Task Lose_reply_executes_the_command_then_closes_the_connection()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("FAULT:LOSEREPLY;"));

        Assert.Null(await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));

        Assert.Equal(["491700000001"], _hlr.Subscribers.Select(s => s.Msisdn));
        await using var retry = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:3002;", await retry.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
    }

    [Fact]
    public async Task Drop_armed_on_the_wire_hits_the_next_n_commands()
    {
        await using (var admin = await HlrTestClient.ConnectAsync(_hlr.Port))
        {
            Assert.Equal("RESP:0;", await admin.SendAsync("FAULT:DROP:COUNT,2;"));
        }

        for (var i = 0; i < 2; i++)
        {
            await using var victim = await HlrTestClient.ConnectAsync(_hlr.Port);
            Assert.Null(await victim.SendAsync("LOGIN:nmcs:nmcs;"));
        }

        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("LOGIN:nmcs:nmcs;"));
    }

    [Fact]
    public async Task Delay_holds_the_reply_back_at_least_the_given_time()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("FAULT:DELAY:MS,300;"));

        var clock = Stopwatch.StartNew();
        var reply = await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;");
        clock.Stop();

        Assert.Equal("RESP:0;", reply);
        // Only a lower bound: 10 ms allowance for timer granularity, never an upper bound.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(290), $"reply came after {clock.Elapsed.TotalMilliseconds} ms");
        Assert.Single(_hlr.Subscribers);
    }

    [Fact]
    public async Task Garbage_is_one_unparseable_line_and_the_command_is_not_executed()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        _hlr.Faults.Inject(new Fault(FaultKind.Garbage, Seed: 42));

        var reply = await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;");

        Assert.NotNull(reply);
        Assert.NotEmpty(reply);
        Assert.DoesNotContain(';', reply);
        Assert.False(reply.StartsWith("RESP:", StringComparison.Ordinal));
        Assert.Empty(_hlr.Subscribers);
        Assert.Equal("RESP:3001;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
    }

    [Fact]
    public async Task Error_code_is_answered_in_the_dialect_of_the_command()
    {
        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("FAULT:ERROR:CODE,5005:COUNT,2;"));

        Assert.Equal("RESP:5005;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
        Assert.Equal("RETCODE = 5005  Operation failed", (await client.SendMmlAsync("HGSUI:MSISDN=491700000001,IMSI=262010000000001;"))[2]);
        Assert.Empty(_hlr.Subscribers);
        Assert.Equal("RESP:0;", await client.SendAsync("CREATE:HLRSUB:MSISDN,491700000001:IMSI,262010000000001:PROFILE,1;"));
    }

    [Fact]
    public async Task Probability_mode_is_repeatable_for_a_seed_and_lasts_until_cleared()
    {
        var first = await ErrorPatternAsync(_hlr);
        await using var other = new HlrSimulator();
        await other.StartAsync();
        var second = await ErrorPatternAsync(other);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);

        await using var client = await HlrTestClient.LoginAsync(_hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("FAULT:CLEAR;"));
        for (var i = 0; i < 20; i++)
        {
            Assert.Equal("RESP:3001;", await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;"));
        }
    }

    [Theory]
    [InlineData("FAULT;", "RESP:1001;")]
    [InlineData("FAULT:EXPLODE;", "RESP:1004;")]
    [InlineData("FAULT:DROP:COUNT,0;", "RESP:1004;")]
    [InlineData("FAULT:DROP:PROB,1.5;", "RESP:1004;")]
    [InlineData("FAULT:DELAY:WHEN,NOW;", "RESP:1001;")]
    public async Task Malformed_fault_commands_are_refused(string command, string expected)
    {
        await using var client = await HlrTestClient.ConnectAsync(_hlr.Port);

        Assert.Equal(expected, await client.SendAsync(command));
        Assert.Equal("RESP:0;", await client.SendAsync("LOGIN:nmcs:nmcs;"));
    }

    private static async Task<bool[]> ErrorPatternAsync(HlrSimulator hlr)
    {
        await using var client = await HlrTestClient.LoginAsync(hlr.Port);
        Assert.Equal("RESP:0;", await client.SendAsync("FAULT:ERROR:CODE,5005:PROB,0.5:SEED,7;"));
        var pattern = new bool[40];
        for (var i = 0; i < pattern.Length; i++)
        {
            var reply = await client.SendAsync("GET:HLRSUB:MSISDN,491700000001;");
            Assert.Contains(reply, new[] { "RESP:5005;", "RESP:3001;" });
            pattern[i] = reply == "RESP:5005;";
        }

        return pattern;
    }
}
