using NMcs.Simulators.Hss;

namespace NMcs.Simulators.Tests;

/// <summary>Starts a fresh HSS simulator on an ephemeral port for each test, with a client of the default operator account.</summary>
public abstract class HssTestBase : IAsyncLifetime
{
    private protected HssSimulator Hss { get; } = new();

    private protected HssTestClient Client { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        await Hss.StartAsync();
        Client = new HssTestClient(Hss.Port);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Hss.DisposeAsync();
    }
}
