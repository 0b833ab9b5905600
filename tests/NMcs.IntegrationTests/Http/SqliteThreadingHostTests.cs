namespace NMcs.IntegrationTests.Http;

/// <summary>
/// <c>NMcs:SqliteThreading</c> reaches SQLite in a host process of its own (the mode is chosen once per process), and
/// the start-up log says what SQLite really does: whether a store connection has a mutex of its own. Either way the
/// store writes and reads.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class SqliteThreadingHostTests
{
    [Theory]
    [InlineData(null, "SQLite threading: multi-thread; connections without a mutex")]
    [InlineData("Serialized", "SQLite threading: serialized; each connection has a mutex")]
    [InlineData("multithread", "SQLite threading: multi-thread; connections without a mutex")]
    public async Task The_setting_reaches_SQLite_and_the_log_says_what_it_does(string? setting, string expected)
    {
        var options = HostOptions.WithTestClock with { Arguments = setting is null ? [] : ["--NMcs:SqliteThreading=" + setting] };
        await using var host = await HostProcess.StartAsync(options);
        Assert.Contains(expected, host.LogSince(0), StringComparison.Ordinal);

        await host.QueryAsync("""mutation { createCustomer(input: { id: "THREADS", name: "Threads GmbH", currency: "EUR", timeZone: "Europe/Berlin" }) { id } }""");
        var read = await host.QueryAsync("""{ customer(id: "THREADS") { id name } }""");
        Assert.Equal("Threads GmbH", read.GetProperty("customer").GetProperty("name").GetString());
    }
}
