using NMcs.Api;
using NMcs.Api.Collection;
using NMcs.Grains;
using NMcs.Provisioning;

namespace NMcs.Host;

/// <summary>
/// The composition root: one Orleans silo with localhost clustering, the embedded store, and the HTTP API, in one
/// process. Used by <c>Program</c>, by integration tests and by the benchmarks, so all run the same wiring.
/// </summary>
public static class NMcsHost
{
    /// <summary>Default listen address when neither <c>--urls</c> nor ASPNETCORE_URLS is given.</summary>
    public const string DefaultUrl = "http://127.0.0.1:5080";

    /// <summary>Builds the host from command-line arguments and configuration.</summary>
    public static async Task<WebApplication> BuildAsync(string[] args)
    {
        // Configuration files ship next to the binaries; the working directory only decides where ./data is.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var options = builder.Configuration.GetSection(NMcsOptions.Section).Get<NMcsOptions>() ?? new NMcsOptions();
        var silo = builder.Configuration.GetSection("NMcs:Silo").Get<SiloPortOptions>() ?? new SiloPortOptions();
        if (options.GrainDirectoryCacheSize < 1_000)
        {
            throw new InvalidOperationException($"NMcs:GrainDirectoryCacheSize is {options.GrainDirectoryCacheSize}; it must be at least 1000 (default {NMcsOptions.DefaultGrainDirectoryCacheSize}).");
        }

        if (options.NativeHeapTrimSeconds < 0)
        {
            throw new InvalidOperationException($"NMcs:NativeHeapTrimSeconds is {options.NativeHeapTrimSeconds}; it must be 0 (off) or a number of seconds (default 30).");
        }

        if (options.WriterNice is < -20 or > 19)
        {
            throw new InvalidOperationException($"NMcs:WriterNice is {options.WriterNice}; it must be a nice value from -20 (highest priority) to 19, or 0 to leave the store writer's priority as the process's (default {NMcs.Storage.NMcsDatabase.DefaultWriterNice}).");
        }

        if (!Enum.TryParse<NMcs.Storage.SqliteThreadingMode>(options.SqliteThreading, ignoreCase: true, out var threading)
            || !Enum.IsDefined(threading) || options.SqliteThreading.Trim().Any(char.IsAsciiDigit))
        {
            throw new InvalidOperationException($"NMcs:SqliteThreading is '{options.SqliteThreading}'; it must be MultiThread (default) or Serialized.");
        }

        // Before the store opens its first connection: SQLite takes its threading mode only before it initialises. In a
        // process that chose before (hosts built in one test process), the first choice stands; the log says so.
        var threadingInEffect = NMcs.Storage.SqliteThreading.Choose(threading);

        if (string.IsNullOrEmpty(builder.Configuration["urls"]) && string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]))
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        var platform = await NMcsPlatform.OpenAsync(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(platform);
        builder.Services.AddNMcsServices(platform.Database, platform.Clock);
        if (platform.TestClock is not null)
        {
            builder.Services.AddSingleton(platform.TestClock);
        }

        builder.Services.AddNMcsApi();
        builder.Services.AddNMcsCollector(builder.Configuration);
        builder.Services.AddHostedService<RuleFolderDeployer>();
        if (options.NativeHeapTrimSeconds > 0)
        {
            builder.Services.AddHostedService(sp => new NativeHeapTrimmer(TimeSpan.FromSeconds(options.NativeHeapTrimSeconds), sp.GetRequiredService<ILogger<NativeHeapTrimmer>>()));
        }

        // Network elements for orders (none: orders complete on the platform alone); the demo switch runs simulators.
        var demo = await ProvisioningDemo.StartIfEnabledAsync(builder.Configuration);
        if (demo is not null)
        {
            builder.Configuration.AddInMemoryCollection(demo.Settings());
            builder.Services.AddHostedService(_ => demo);
        }

        builder.Services.AddProvisioningGateway(builder.Configuration.GetSection(ProvisioningOptions.SectionName));
        builder.UseOrleans(siloBuilder => siloBuilder
            .UseLocalhostClustering(silo.SiloPort, silo.GatewayPort)
            .Configure<Orleans.Configuration.GrainDirectoryOptions>(directory => directory.CacheSize = options.GrainDirectoryCacheSize));

        var app = builder.Build();

        // After the silo has stopped nothing writes any more: let go of the store's writer connection.
        app.Lifetime.ApplicationStopped.Register(() => platform.Database.CloseWriterAsync().GetAwaiter().GetResult());
        app.Logger.LogInformation(
            "N-MCS starting: store {Dialect} at {Path}, clock {Clock}",
            platform.Database.Dialect,
            platform.StorePath,
            platform.TestClock is null ? "system" : "TEST (advance with the advanceClock mutation)");
        if (platform.Database is NMcs.Storage.SqliteDatabase sqlite)
        {
            // What SQLite does, not only what was asked: a store connection with a mutex is in serialized mode.
            var mutex = await sqlite.ConnectionHasMutexAsync() ? "each connection has a mutex" : "connections without a mutex";
            var asked = threadingInEffect == threading || NMcs.Storage.SqliteThreading.Refused
                ? string.Empty
                : $" (NMcs:SqliteThreading asks for {threading}, but this process chose before)";
            app.Logger.Log(
                threadingInEffect != threading ? LogLevel.Warning : LogLevel.Information,
                "SQLite threading: {Threading}{Asked}; {Mutex}",
                NMcs.Storage.SqliteThreading.Note,
                asked,
                mutex);
        }

        if (platform.Database.WriterPriorityRefused)
        {
            app.Logger.LogWarning("Store writer thread: {Priority}", platform.Database.WriterPriority);
        }
        else
        {
            app.Logger.LogInformation("Store writer thread: {Priority}", platform.Database.WriterPriority);
        }

        if (demo is not null)
        {
            app.Logger.LogInformation(
                "Provisioning demo: HLR simulator (CAI) on 127.0.0.1:{HlrPort} as hlr-sim, HSS simulator (SPML) on http://127.0.0.1:{HssPort}/spml as hss-sim, PGW simulator (TCP) on 127.0.0.1:{PgwPort} as pgw-sim; user {User}",
                demo.HlrPort,
                demo.HssPort,
                demo.PgwPort,
                ProvisioningDemo.User);
        }

        app.UseWebSockets();
        app.MapNMcsApi();
        return app;
    }
}
