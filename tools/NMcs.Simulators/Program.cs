using System.Globalization;
using NMcs.Simulators.Hlr;

// nmcs-sim hlr [--port 7023] [--user nmcs] [--password nmcs]
if (args.Length == 0 || args[0] != "hlr")
{
    Console.Error.WriteLine("usage: nmcs-sim hlr [--port 7023] [--user nmcs] [--password nmcs]");
    return 2;
}

var port = 7023;
var user = "nmcs";
var password = "nmcs";
for (var i = 1; i < args.Length; i++)
{
    var value = i + 1 < args.Length ? args[i + 1] : null;
    switch (args[i])
    {
        case "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed is >= 0 and <= 65535:
            port = parsed;
            i++;
            break;
        case "--user" when value is not null:
            user = value;
            i++;
            break;
        case "--password" when value is not null:
            password = value;
            i++;
            break;
        default:
            Console.Error.WriteLine($"unknown or incomplete option '{args[i]}'; --port takes 0..65535, --user and --password take a value");
            return 2;
    }
}

await using var simulator = new HlrSimulator(user, password);
await simulator.StartAsync(port);
Console.WriteLine($"HLR simulator listening on 127.0.0.1:{simulator.Port} (CAI and MML); Ctrl+C stops it");

var stop = new TaskCompletionSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.TrySetResult();
};
AppDomain.CurrentDomain.ProcessExit += (_, _) => stop.TrySetResult();
await stop.Task;
await simulator.StopAsync();
return 0;
