using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Mediation.Cdr;
using NMcs.Mediation.Collection;
using NMcs.Mediation.Csv;
using NMcs.Storage;

namespace NMcs.Api.Collection;

/// <summary>Registers the CDR file collector from configuration section <c>NMcs:Mediation</c>.</summary>
public static class CollectorServiceExtensions
{
    /// <summary>
    /// Binds <see cref="MediationOptions"/>, checks every CSV source mapping (a wrong mapping stops the host at start,
    /// naming the configuration key and the fix) and runs <see cref="CdrFileCollector"/> when an inbound folder is set.
    /// </summary>
    public static IServiceCollection AddNMcsCollector(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(MediationOptions.Section).Get<MediationOptions>() ?? new MediationOptions();
        var csv = CsvSources.Create(options.Csv, MediationOptions.Section + ":Csv");
        var formats = new List<ICdrFileFormat>();
        formats.AddRange(csv.All.Select(source => new CsvFileFormat(source)));
        if (!string.IsNullOrWhiteSpace(options.HomePlmn))
        {
            // 3GPP CDRs need the home network to tell roaming usage from home usage; without it they are not read.
            formats.Add(new ThreeGppFileFormat(options.CdrFilePatterns, HomeNetwork(options.HomePlmn)));
        }
        services.AddSingleton(options);
        services.AddSingleton<IReadOnlyList<ICdrFileFormat>>(formats);
        services.AddSingleton(sp => new FileImportStore(sp.GetRequiredService<NMcsDatabase>()));
        services.AddSingleton<ICollectedUsageSink, PipelineUsageSink>();
        services.AddSingleton<CdrFileCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<CdrFileCollector>());
        return services;
    }

    private static CdrDecoderOptions HomeNetwork(string homePlmn)
    {
        try
        {
            return new CdrDecoderOptions(PlmnId.Parse(homePlmn));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new DomainException("INVALID_CONFIGURATION", MediationOptions.Section + ":HomePlmn", $"{MediationOptions.Section}:HomePlmn '{homePlmn}' is not MCC-MNC such as 234-15: {e.Message}");
        }
    }
}
