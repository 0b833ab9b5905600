using System.Runtime.CompilerServices;
using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Rating.Engine;

/// <summary>
/// A product version prepared for rating: charges indexed by service, allowances in consumption order, tiers in base
/// units, zone prefixes in a lookup table, band windows as day masks. Built once per product version (and cached per
/// instance, so a catalog cache that keeps the <see cref="ProductOffering"/> keeps its plan) and immutable, so any
/// number of threads rate with it.
/// </summary>
public sealed class RatingPlan
{
    private static readonly ConditionalWeakTable<ProductOffering, RatingPlan> Cache = [];

    private readonly Dictionary<string, ServicePlan> _services = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _zoneByPrefix = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _zoneByNetwork = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _prefixLookup;
    private readonly int _longestPrefix;
    private readonly BandPlan[] _bands;
    private readonly HashSet<LocalDate> _holidays;

    private RatingPlan(ProductOffering product)
    {
        var errors = CatalogValidator.ValidateProduct(product);
        if (errors.Count > 0)
        {
            throw new DomainException(
                "INVALID_PRODUCT",
                errors[0].Pointer,
                $"product {product.Id} version {product.Version} cannot rate: " + string.Join("; ", errors.Select(e => e.ToString())));
        }

        Product = product;
        var plans = product.UsageCharges.Select(c => new ChargePlan(product, c)).ToArray();
        foreach (var plan in plans)
        {
            if (plan.Charge.Model == ChargeModel.Percentage)
            {
                Array.Find(plans, p => p.Charge.Id == plan.Charge.PercentOf)!.Percentages.Add(plan);
            }
        }

        Allowances = [.. product.Allowances.Select((a, i) => (a, i)).OrderBy(x => x.a.Priority).ThenBy(x => x.i).Select(x => new AllowancePlan(product, x.a))];
        foreach (var plan in plans)
        {
            plan.SelectAllowances(Allowances);
        }

        var bandedServices = product.UsageCharges.Where(c => c.TimeBand is not null).Select(c => c.Service)
            .Concat(product.Allowances.Where(a => a.TimeBand is not null).Select(a => a.Service))
            .ToHashSet(StringComparer.Ordinal);
        foreach (var group in plans.Where(p => p.Charge.Model != ChargeModel.Percentage).GroupBy(p => p.Charge.Service))
        {
            _services[group.Key] = new ServicePlan([.. group], bandedServices.Contains(group.Key));
        }

        foreach (var zone in product.Zones)
        {
            foreach (var prefix in zone.DestinationPrefixes)
            {
                _zoneByPrefix[prefix] = zone.Id;
                _longestPrefix = Math.Max(_longestPrefix, prefix.Length);
            }

            foreach (var network in zone.VisitedNetworks)
            {
                _zoneByNetwork[network] = zone.Id;
            }
        }

        _prefixLookup = _zoneByPrefix.GetAlternateLookup<ReadOnlySpan<char>>();
        _bands = [.. product.TimeBands.Select(b => new BandPlan(b))];
        Boundaries = [.. product.TimeBands.SelectMany(b => b.Windows).SelectMany(w => new[] { w.From, w.To }).Where(t => t != LocalTime.Midnight).Distinct().Order()];
        _holidays = [.. product.Holidays];
    }

    /// <summary>The product version.</summary>
    public ProductOffering Product { get; }

    internal AllowancePlan[] Allowances { get; }

    /// <summary>Local times where some band starts or ends, ascending, midnight excluded.</summary>
    internal LocalTime[] Boundaries { get; }

    /// <summary>The plan of <paramref name="product"/>, built on first use and cached for the product instance.</summary>
    public static RatingPlan For(ProductOffering product)
    {
        ArgumentNullException.ThrowIfNull(product);
        return Cache.GetValue(product, static p => new RatingPlan(p));
    }

    /// <summary>The charges of <paramref name="service"/>, or null when the product does not sell it.</summary>
    internal ServicePlan? Service(string service) => _services.GetValueOrDefault(service);

    /// <summary>
    /// The record's zone: the roaming zone of its visited network (MCC-MNC before MCC), else the zone of its
    /// destination's longest matching prefix, else null.
    /// </summary>
    internal string? ZoneFor(string? visitedNetwork, string? destination)
    {
        if (visitedNetwork is { Length: > 0 })
        {
            if (_zoneByNetwork.TryGetValue(visitedNetwork, out var exact))
            {
                return exact;
            }

            if (visitedNetwork.Length > 3 && _zoneByNetwork.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(visitedNetwork.AsSpan(0, 3), out var country))
            {
                return country;
            }
        }

        if (destination is { Length: > 0 } && _longestPrefix > 0)
        {
            var digits = destination.AsSpan();
            if (digits[0] == '+')
            {
                digits = digits[1..];
            }

            for (var length = Math.Min(_longestPrefix, digits.Length); length > 0; length--)
            {
                if (_prefixLookup.TryGetValue(digits[..length], out var zone))
                {
                    return zone;
                }
            }
        }

        return null;
    }

    /// <summary>The band in force at local <paramref name="time"/> on <paramref name="date"/>, or null.</summary>
    internal string? BandAt(LocalDate date, LocalTime time, IReadOnlySet<LocalDate> accountHolidays)
    {
        var day = _holidays.Contains(date) || accountHolidays.Contains(date)
            ? BandDay.Holiday
            : (BandDay)((int)date.DayOfWeek - 1);
        var mask = 1 << (int)day;
        var nanos = time.NanosecondOfDay;
        foreach (var band in _bands)
        {
            foreach (var (days, from, to) in band.Windows)
            {
                if ((days & mask) != 0 && nanos >= from && nanos < to)
                {
                    return band.Id;
                }
            }
        }

        return null;
    }

    /// <summary>A band's windows as (day mask, start, end) in nanoseconds of the day, end exclusive.</summary>
    private sealed class BandPlan(TimeBand band)
    {
        public string Id { get; } = band.Id;

        public (int Days, long From, long To)[] Windows { get; } =
        [
            .. band.Windows.Select(w => (
                w.Days.Aggregate(0, (mask, d) => mask | (1 << (int)d)),
                w.From.NanosecondOfDay,
                w.To == LocalTime.Midnight ? long.MaxValue : w.To.NanosecondOfDay)),
        ];
    }
}
