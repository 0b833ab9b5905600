using System.Diagnostics;
using System.Text;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Tcp;

namespace NMcs.Simulators.Tests;

[Trait("Category", "Faults")]
public sealed class TcpFaultTests : IAsyncLifetime
{
    private const string Msisdn = "MSISDN=491700000001";
    private readonly TcpElementSimulator _tcp = new();

    public Task InitializeAsync() => _tcp.StartAsync();

    public Task DisposeAsync() => _tcp.DisposeAsync().AsTask();

    [Fact]
    public async Task Drop_closes_the_connection_without_executing()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        _tcp.Faults.Inject(new Fault(FaultKind.Drop));

        Assert.Null(await Create(client));
        Assert.Empty(_tcp.Subscribers);

        await using var next = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("0", (await Create(next))!["CODE"]);
    }

    [Fact]
    public async Task Lose_reply_executes_then_closes_the_connection()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("0", (await client.SendAsync("FAULT", "KIND=LOSEREPLY"))!["CODE"]);

        Assert.Null(await Create(client));

        Assert.Single(_tcp.Subscribers);
        await using var retry = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("3002", (await Create(retry))!["CODE"]);
    }

    [Fact]
    public async Task Delay_holds_the_reply_back_at_least_the_given_time()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("0", (await client.SendAsync("FAULT", "KIND=DELAY", "MS=200"))!["CODE"]);

        var clock = Stopwatch.StartNew();
        var reply = await Create(client);
        clock.Stop();

        Assert.Equal("0", reply!["CODE"]);
        // Only a lower bound: 10 ms allowance for timer granularity, never an upper bound.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"reply came after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Garbage_is_a_frame_that_does_not_parse_and_the_request_is_not_executed()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        _tcp.Faults.Inject(new Fault(FaultKind.Garbage, Seed: 42));

        var reply = await client.SendRawAsync(Encoding.UTF8.GetBytes($"ID=9\nOP=CREATE\n{Msisdn}\nIMSI=262010000000001\nAPN=internet\n"));

        Assert.NotNull(reply);
        Assert.InRange(reply.Length, 16, 48);
        Assert.Null(TcpMessage.Parse(reply));
        Assert.Empty(_tcp.Subscribers);
    }

    [Fact]
    public async Task Error_answers_the_code_and_does_not_execute()
    {
        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("0", (await client.SendAsync("FAULT", "KIND=ERROR", "CODE=5005", "COUNT=2"))!["CODE"]);

        Assert.Equal("5005", (await Create(client))!["CODE"]);
        Assert.Equal("5005", (await client.SendAsync("GET", Msisdn))!["CODE"]);
        Assert.Empty(_tcp.Subscribers);
        Assert.Equal("0", (await Create(client))!["CODE"]);
    }

    [Fact]
    public async Task Probability_mode_is_repeatable_for_a_seed_and_clear_disarms()
    {
        var first = await ErrorPattern(_tcp);
        await using var other = new TcpElementSimulator();
        await other.StartAsync();
        var second = await ErrorPattern(other);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);

        await using var client = await TcpTestClient.LoginAsync(_tcp.Port);
        Assert.Equal("0", (await client.SendAsync("FAULT", "KIND=CLEAR"))!["CODE"]);
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("3001", (await client.SendAsync("GET", Msisdn))!["CODE"]);
        }
    }

    [Theory]
    [InlineData("KIND=EXPLODE")]
    [InlineData("KIND=DROP", "COUNT=0")]
    [InlineData("KIND=DROP", "PROB=1.5")]
    [InlineData("KIND=ERROR", "CODE=customError")]
    [InlineData("KIND=DELAY", "WHEN=NOW")]
    public async Task Malformed_fault_requests_are_refused(params string[] lines)
    {
        await using var client = await TcpTestClient.ConnectAsync(_tcp.Port);

        Assert.Equal("1004", (await client.SendAsync("FAULT", lines))!["CODE"]);
        Assert.Equal("0", (await client.SendAsync("LOGIN", "USER=nmcs", "PASSWORD=nmcs"))!["CODE"]);
    }

    private static Task<Dictionary<string, string>?> Create(TcpTestClient client) =>
        client.SendAsync("CREATE", Msisdn, "IMSI=262010000000001", "APN=internet");

    private static async Task<bool[]> ErrorPattern(TcpElementSimulator tcp)
    {
        await using var client = await TcpTestClient.LoginAsync(tcp.Port);
        Assert.Equal("0", (await client.SendAsync("FAULT", "KIND=ERROR", "CODE=5005", "PROB=0.5", "SEED=7"))!["CODE"]);
        var pattern = new bool[30];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (await client.SendAsync("GET", Msisdn))!["CODE"] == "5005";
        }

        return pattern;
    }
}
