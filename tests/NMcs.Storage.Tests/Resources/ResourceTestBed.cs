using NMcs.Storage.Resources;
using NMcs.Time;

namespace NMcs.Storage.Tests.Resources;

/// <summary>A fresh database with the resource stores on an adjustable clock at 2026-03-01.</summary>
public sealed class ResourceTestBed : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);

    private ResourceTestBed(TempDatabase temp)
    {
        Temp = temp;
        Clock = new AdjustableClock(Start);
        Audit = new AuditTrail(temp.Database, Clock);
        Msisdns = new MsisdnPoolStore(temp.Database, Audit);
        Apns = new ApnStore(temp.Database, Audit);
        Ips = new IpPoolStore(temp.Database, Audit);
    }

    public TempDatabase Temp { get; }

    public AdjustableClock Clock { get; }

    public AuditTrail Audit { get; }

    public MsisdnPoolStore Msisdns { get; }

    public ApnStore Apns { get; }

    public IpPoolStore Ips { get; }

    public static async Task<ResourceTestBed> CreateAsync() => new(await TempDatabase.CreateAsync());

    public Task AddCustomerAsync(string id) => new CustomerDirectory(Temp.Database, Clock).AddAsync(id, id + " GmbH", id + "-PAYER");

    public ValueTask DisposeAsync()
    {
        Temp.Dispose();
        return ValueTask.CompletedTask;
    }
}
