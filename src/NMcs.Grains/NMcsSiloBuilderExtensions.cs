using Microsoft.Extensions.DependencyInjection;
using NMcs.Grains.Orders;
using NMcs.Grains.Provisioning;
using NMcs.Grains.Receivables;
using NMcs.Grains.Thresholds;
using NMcs.Storage;
using Orleans.Runtime.Hosting;
using Orleans.Storage;

namespace NMcs.Grains;

/// <summary>Wires N-MCS grains to their storage and domain services.</summary>
public static class NMcsSiloBuilderExtensions
{
    /// <summary>
    /// Registers the relational grain storage and the stores on <paramref name="database"/>, and the clock
    /// (<paramref name="clock"/>, or the system clock when null).
    /// </summary>
    public static IServiceCollection AddNMcsServices(this IServiceCollection services, NMcsDatabase database, TimeProvider? clock = null)
    {
        // The platform clock is keyed: Orleans' own timers keep the system clock even when billing runs on the
        // test clock.
        var platformClock = clock ?? TimeProvider.System;
        services.AddKeyedSingleton(PlatformClock.Key, platformClock);
        services.AddSingleton(database);
        services.AddSingleton(new UsageLedger(database));
        services.AddSingleton(new InvoiceStore(database));
        services.AddAccountsReceivable(database);
        services.AddSingleton(new ProductCatalog(database, platformClock));
        services.AddSingleton(new SimDirectory(database, platformClock));
        services.AddSingleton(new CustomerDirectory(database, platformClock));
        services.AddSingleton(new Storage.Resources.AuditTrail(database, platformClock));
        services.AddSingleton(sp => new Storage.Resources.MsisdnPoolStore(database, sp.GetRequiredService<Storage.Resources.AuditTrail>()));
        services.AddSingleton(sp => new Storage.Resources.ApnStore(database, sp.GetRequiredService<Storage.Resources.AuditTrail>()));
        services.AddSingleton(sp => new Storage.Resources.IpPoolStore(database, sp.GetRequiredService<Storage.Resources.AuditTrail>()));
        services.AddSingleton(new TestClockStore(database));
        services.AddSingleton<WhatIfAnalysis>();
        services.AddSingleton<SimAccountCache>();
        services.AddSingleton<AccountProfileReader>();
        services.AddSingleton(new RuleStore(database));
        services.AddSingleton(new SuspendedUsageStore(database));
        services.AddSingleton(new AccountSubscriptionStore(database));
        services.AddThresholds(database);
        services.AddOrders(database, platformClock);
        services.AddProvisioningEvents();
        services.AddSingleton<TariffRuleService>();
        services.AddHostedService<TariffRuleSync>();
        services.AddSingleton(new BillRunStore(database));
        services.AddSingleton<BillRuns.BillRunner>();
        services.AddHostedService<BillRuns.BillRunStartup>();
        services.AddReminders();
        services.AddSingleton<IReminderTable>(new BillRuns.RelationalReminderTable(database));
        services.AddGrainStorage(NMcsStorage.Name, (sp, name) => new RelationalGrainStorage(
            name,
            sp.GetRequiredService<NMcsDatabase>(),
            sp.GetRequiredService<IGrainStorageSerializer>(),
            platformClock));
        return services;
    }
}
