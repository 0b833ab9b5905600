using System.Globalization;
using System.Text.Json;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Http;

/// <summary>
/// All classes that start host processes share this collection, so they run one after another and never alongside
/// other test collections: a silo plus SQLite plus the test runner already fill two cores.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class HostProcessesCollectionDefinition
{
    /// <summary>Collection name.</summary>
    public const string Name = "NMcs host processes";
}

/// <summary>A host process shared by the tests of one class (xunit class fixture).</summary>
public abstract class HostFixture(HostOptions options) : IAsyncLifetime
{
    private HostProcess? _host;

    /// <summary>The running host.</summary>
    public HostProcess Host => _host ?? throw new InvalidOperationException("the fixture is not initialized.");

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        _host = await HostProcess.StartAsync(options);
        try
        {
            await SeedAsync(_host);
        }
        catch
        {
            await _host.DisposeAsync();
            _host = null;
            throw;
        }
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    /// <summary>Creates the state the class's tests start from.</summary>
    protected virtual Task SeedAsync(HostProcess host) => Task.CompletedTask;
}

/// <summary>A host with the test clock at 2026-03-01T00:00:00Z.</summary>
public sealed class TestClockHostFixture() : HostFixture(HostOptions.WithTestClock);

/// <summary>A host on the system clock (advanceClock refused).</summary>
public sealed class SystemClockHostFixture() : HostFixture(HostOptions.WithSystemClock);

/// <summary>Writes what the host logged during a test to the test output (shown when the test fails).</summary>
public abstract class HostTest : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly int _mark;

    protected HostTest(HostProcess host, ITestOutputHelper output)
    {
        Host = host;
        _output = output;
        _mark = host.LogMark;
    }

    /// <summary>The host under test.</summary>
    protected HostProcess Host { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        var said = Host.LogSince(_mark);
        if (said.Length > 0)
        {
            _output.WriteLine("--- host output during this test ---");
            _output.WriteLine(said.Length > 20_000 ? "…" + said[^20_000..] : said);
        }

        GC.SuppressFinalize(this);
    }
}

/// <summary>Identifiers and JSON helpers for the scenarios.</summary>
public static class TestData
{
    /// <summary>ISO 8601 UTC text the ingest parser accepts.</summary>
    public static string Iso(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Appends the Luhn check digit to 18 (or 19) ICCID digits.</summary>
    public static string IccidWithCheckDigit(string withoutCheckDigit)
    {
        ArgumentNullException.ThrowIfNull(withoutCheckDigit);
        var sum = 0;
        for (var i = 0; i < withoutCheckDigit.Length; i++)
        {
            // Doubling starts at the rightmost digit of the payload (it sits left of the check digit).
            var digit = withoutCheckDigit[withoutCheckDigit.Length - 1 - i] - '0';
            if (i % 2 == 0)
            {
                digit *= 2;
                if (digit > 9)
                {
                    digit -= 9;
                }
            }

            sum += digit;
        }

        return withoutCheckDigit + ((10 - (sum % 10)) % 10).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Follows a path of property names.</summary>
    public static JsonElement At(this JsonElement element, params string[] path)
    {
        foreach (var name in path)
        {
            element = element.GetProperty(name);
        }

        return element;
    }

    /// <summary>A decimal at a path.</summary>
    public static decimal Dec(this JsonElement element, params string[] path) => element.At(path).GetDecimal();

    /// <summary>A string at a path.</summary>
    public static string? Str(this JsonElement element, params string[] path) => element.At(path).GetString();
}
