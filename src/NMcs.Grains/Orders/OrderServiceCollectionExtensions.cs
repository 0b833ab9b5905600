using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Grains.Thresholds;
using NMcs.Storage;
using NMcs.Storage.Orders;
using NMcs.Storage.Resources;

namespace NMcs.Grains.Orders;

/// <summary>Registers orders and the SIM lifecycle's services.</summary>
public static class OrderServiceCollectionExtensions
{
    /// <summary>
    /// Registers the lifecycle settings (<c>NMcs:Sim</c>, <c>NMcs:Orders</c>), the order index and SIM-swap directory on
    /// <paramref name="database"/>, <see cref="OrderSubmission"/>, the credit-limit suspend sink and the resume at start.
    /// </summary>
    public static IServiceCollection AddOrders(this IServiceCollection services, NMcsDatabase database, TimeProvider clock)
    {
        services.AddSingleton(sp => SimLifecycleOptions.From(sp.GetService<IConfiguration>()));
        services.AddSingleton(new SimSwapDirectory(database));
        services.AddSingleton(sp => new OrderStore(database, sp.GetService<AuditTrail>() ?? new AuditTrail(database, clock)));
        services.AddSingleton<OrderSubmission>();
        services.AddSingleton<IThresholdEventSink, CreditLimitSuspendSink>();
        services.AddHostedService<OrderResumeStartup>();
        return services;
    }
}
