using System.Diagnostics;
using System.Net;
using System.Xml;
using System.Xml.Linq;
using NMcs.Simulators.Faults;
using NMcs.Simulators.Hss;
using static NMcs.Simulators.Tests.HssTestClient;

namespace NMcs.Simulators.Tests;

[Trait("Category", "Faults")]
public sealed class HssFaultTests : HssTestBase
{
    [Fact]
    public async Task Drop_aborts_the_connection_without_executing()
    {
        Hss.Faults.Inject(new Fault(FaultKind.Drop));

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.SpmlAsync(Add("491700000001", "262010000000001")));

        Assert.Empty(Hss.Subscribers);
        Assert.Equal("success", (string?)(await Client.SpmlAsync(Add("491700000001", "262010000000001"))).Attribute("status"));
    }

    [Fact]
    public async Task Lose_reply_executes_then_aborts_the_connection()
    {
        await Arm("kind=LOSEREPLY");

        await Assert.ThrowsAsync<HttpRequestException>(() => Client.SpmlAsync(Add("491700000001", "262010000000001")));

        Assert.Single(Hss.Subscribers);
        Assert.Equal("alreadyExists", (string?)(await Client.SpmlAsync(Add("491700000001", "262010000000001"))).Attribute("error"));
    }

    [Fact]
    public async Task Delay_holds_the_reply_back_at_least_the_given_time()
    {
        await Arm("kind=DELAY&ms=200");

        var clock = Stopwatch.StartNew();
        var response = await Client.SpmlAsync(Add("491700000001", "262010000000001"));
        clock.Stop();

        Assert.Equal("success", (string?)response.Attribute("status"));
        // Only a lower bound: 10 ms allowance for timer granularity, never an upper bound.
        Assert.True(clock.Elapsed >= TimeSpan.FromMilliseconds(190), $"reply came after {clock.Elapsed.TotalMilliseconds} ms");
    }

    [Fact]
    public async Task Garbage_is_an_unparseable_body_and_the_request_is_not_executed()
    {
        Hss.Faults.Inject(new Fault(FaultKind.Garbage, Seed: 42));

        var (status, body) = await Client.PostAsync(Envelope(Add("491700000001", "262010000000001")).ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.InRange(body.Length, 16, 48);
        Assert.ThrowsAny<XmlException>(() => XDocument.Parse(body));
        Assert.Empty(Hss.Subscribers);
    }

    [Theory]
    [InlineData("kind=ERROR", "customError")]
    [InlineData("kind=ERROR&code=noSuchIdentifier&count=2", "noSuchIdentifier")]
    public async Task Error_answers_an_spml_failure_with_the_code_and_does_not_execute(string query, string error)
    {
        await Arm(query);

        var response = await Client.SpmlAsync(Add("491700000001", "262010000000001"));

        Assert.Equal(Spml + "addResponse", response.Name);
        Assert.Equal("failure", (string?)response.Attribute("status"));
        Assert.Equal(error, (string?)response.Attribute("error"));
        Assert.Empty(Hss.Subscribers);
    }

    [Fact]
    public async Task Probability_mode_is_repeatable_for_a_seed_and_clear_disarms()
    {
        var first = await ErrorPattern(Client);
        await using var other = new HssSimulator();
        await other.StartAsync();
        using var otherClient = new HssTestClient(other.Port);
        var second = await ErrorPattern(otherClient);

        Assert.Equal(first, second);
        Assert.Contains(true, first);
        Assert.Contains(false, first);

        await Arm("kind=CLEAR");
        for (var i = 0; i < 10; i++)
        {
            Assert.Equal("noSuchIdentifier", (string?)(await Client.SpmlAsync(Lookup("491700000001"))).Attribute("error"));
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("kind=EXPLODE")]
    [InlineData("kind=DROP&count=0")]
    [InlineData("kind=DROP&prob=1.5")]
    [InlineData("kind=ERROR&code=3001")]
    [InlineData("kind=DELAY&when=now")]
    public async Task Malformed_fault_requests_are_refused_with_400(string query)
    {
        var (status, body) = await Client.PostAsync(string.Empty, HssSimulator.FaultPath + "?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.NotEmpty(body);
        Assert.Equal("success", (string?)(await Client.SpmlAsync(Add("491700000001", "262010000000001"))).Attribute("status"));
    }

    private static async Task<bool[]> ErrorPattern(HssTestClient client)
    {
        var (status, _) = await client.PostAsync(string.Empty, HssSimulator.FaultPath + "?kind=ERROR&code=customError&prob=0.5&seed=7");
        Assert.Equal(HttpStatusCode.OK, status);
        var pattern = new bool[30];
        for (var i = 0; i < pattern.Length; i++)
        {
            pattern[i] = (string?)(await client.SpmlAsync(Lookup("491700000001"))).Attribute("error") == "customError";
        }

        return pattern;
    }

    private async Task Arm(string query)
    {
        var (status, body) = await Client.PostAsync(string.Empty, HssSimulator.FaultPath + "?" + query);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("OK\n", body);
    }
}
