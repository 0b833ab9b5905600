using System.Net.Sockets;
using System.Text;
using NMcs.Simulators.Hlr;

namespace NMcs.Provisioning.Tests.Support;

/// <summary>
/// A real <see cref="HlrSimulator"/> (tools/NMcs.Simulators) on 127.0.0.1, port 0. Faults are armed with the
/// documented <c>FAULT:</c> wire command, the same text an operator would type.
/// </summary>
public sealed class SimulatedHlr : IAsyncDisposable
{
    public const string User = "nmcs";

    public const string Password = "nmcs";

    private readonly HlrSimulator _simulator;

    private SimulatedHlr(HlrSimulator simulator)
    {
        _simulator = simulator;
    }

    public int Port => _simulator.Port;

    /// <summary>The subscriber table, ordered by MSISDN.</summary>
    public IReadOnlyList<HlrRow> Subscribers =>
        [.. _simulator.Subscribers.Select(r => new HlrRow(r.Msisdn, r.Imsi, r.Profile, r.Status.ToString().ToUpperInvariant()))];

    public static async Task<SimulatedHlr> StartAsync()
    {
        var simulator = new HlrSimulator(User, Password);
        await simulator.StartAsync(port: 0);
        return new SimulatedHlr(simulator);
    }

    public HlrRow? Row(string msisdn) => Subscribers.SingleOrDefault(r => r.Msisdn == msisdn);

    /// <summary>Arms a fault, e.g. <c>DROP:COUNT,2</c> or <c>ERROR:CODE,5001</c>; see the simulator's README.</summary>
    public async Task FaultAsync(string fault)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", Port);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"FAULT:{fault};\r\n"));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var reply = await reader.ReadLineAsync();
        Assert.Equal("RESP:0;", reply);
    }

    public ValueTask DisposeAsync() => _simulator.DisposeAsync();
}
