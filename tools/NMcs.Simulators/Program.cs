using System.Globalization;
using NMcs.Simulators.Hlr;
using NMcs.Simulators.Hss;
using NMcs.Simulators.Tcp;

// nmcs-sim hlr|hss|tcp [--port N] [--user nmcs] [--password nmcs]
// nmcs-sim all [--hlr-port 7023] [--hss-port 7080] [--tcp-port 7024] [--user nmcs] [--password nmcs]
const string Usage = "usage: nmcs-sim hlr|hss|tcp [--port N] [--user nmcs] [--password nmcs]\n"
    + "       nmcs-sim all [--hlr-port 7023] [--hss-port 7080] [--tcp-port 7024] [--user nmcs] [--password nmcs]";

var command = args.Length > 0 ? args[0] : string.Empty;
if (command is not ("hlr" or "hss" or "tcp" or "all"))
{
    Console.Error.WriteLine(Usage);
    return 2;
}

var ports = new Dictionary<string, int>(StringComparer.Ordinal) { ["hlr"] = 7023, ["hss"] = 7080, ["tcp"] = 7024 };
var user = "nmcs";
var password = "nmcs";
for (var i = 1; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    var portKey = args[i] switch
    {
        "--port" when command != "all" => command,
        "--hlr-port" or "--hss-port" or "--tcp-port" when command == "all" => args[i][2..5],
        _ => null,
    };
    if (portKey is not null && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 65535)
    {
        ports[portKey] = parsed;
        i++;
    }
    else if (args[i] == "--user" && value is not null)
    {
        user = value;
        i++;
    }
    else if (args[i] == "--password" && value is not null)
    {
        password = value;
        i++;
    }
    else
    {
        Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; ports take 0..65535, --user and --password take a value");
        Console.Error.WriteLine(Usage);
        return 2;
    }
}

var stops = new List<Func<Task>>();
if (command is "hlr" or "all")
{
    var hlr = new HlrSimulator(user, password);
    await hlr.StartAsync(ports["hlr"]);
    stops.Add(async () => await hlr.DisposeAsync());
    Console.WriteLine($"HLR simulator listening on 127.0.0.1:{hlr.Port} (CAI and MML over TCP)");
}

if (command is "hss" or "all")
{
    var hss = new HssSimulator(user, password);
    await hss.StartAsync(ports["hss"]);
    stops.Add(async () => await hss.DisposeAsync());
    Console.WriteLine($"HSS simulator listening on http://127.0.0.1:{hss.Port}{HssSimulator.SpmlPath} (SPML 2.0 over SOAP 1.1; faults: POST {HssSimulator.FaultPath})");
}

if (command is "tcp" or "all")
{
    var tcp = new TcpElementSimulator(user, password);
    await tcp.StartAsync(ports["tcp"]);
    stops.Add(async () => await tcp.DisposeAsync());
    Console.WriteLine($"TCP element (PGW/AAA) simulator listening on 127.0.0.1:{tcp.Port} (length-prefixed frames)");
}

Console.WriteLine("Ctrl+C stops");
var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
foreach (var stopOne in stops)
{
    await stopOne();
}

return 0;
