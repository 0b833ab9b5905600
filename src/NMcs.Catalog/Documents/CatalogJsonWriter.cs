using System.Globalization;
using System.Text.Json;
using NodaTime;
using NodaTime.Text;

namespace NMcs.Catalog.Model;

/// <summary>Writes the model as a catalog document: camelCase, enums as strings, decimals as numbers, instants ISO 8601.</summary>
internal static class CatalogJsonWriter
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public static void Document(Utf8JsonWriter w, CatalogDefinition catalog)
    {
        w.WriteStartObject();
        w.WriteNumber("formatVersion", catalog.FormatVersion);
        Array(w, "taxRates", catalog.TaxRates, TaxRate);
        w.WritePropertyName("products");
        w.WriteStartArray();
        foreach (var product in catalog.Products)
        {
            Product(w, product);
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void TaxRate(Utf8JsonWriter w, TaxRate t)
    {
        w.WriteStartObject();
        w.WriteString("jurisdiction", t.Jurisdiction);
        w.WriteString("category", t.Category);
        w.WriteNumber("rate", t.Rate);
        w.WriteString("treatment", EnumNames<TaxTreatment>.Of(t.Treatment));
        Instant(w, "validFrom", t.ValidFrom);
        Instant(w, "validTo", t.ValidTo);
        w.WriteEndObject();
    }

    private static void Product(Utf8JsonWriter w, ProductOffering p)
    {
        w.WriteStartObject();
        w.WriteString("id", p.Id);
        w.WriteNumber("version", p.Version);
        w.WriteString("name", p.Name);
        String(w, "description", p.Description);
        w.WriteString("status", EnumNames<LifecycleStatus>.Of(p.Status));
        Instant(w, "validFrom", p.ValidFrom);
        Instant(w, "validTo", p.ValidTo);
        w.WriteString("currency", p.Currency.Code);
        if (p.Rounding != RoundingRule.Default)
        {
            w.WritePropertyName("rounding");
            w.WriteStartObject();
            w.WriteString("mode", EnumNames<RoundingMode>.Of(p.Rounding.Mode));
            if (p.Rounding.Decimals is { } decimals)
            {
                w.WriteNumber("decimals", decimals);
            }

            w.WriteEndObject();
        }

        Array(w, "customServices", p.CustomServices, CustomService);
        Array(w, "holidays", p.Holidays, (w, d) => w.WriteStringValue(LocalDatePattern.Iso.Format(d)));
        Array(w, "timeBands", p.TimeBands, TimeBand);
        Array(w, "zones", p.Zones, Zone);
        Array(w, "recurringCharges", p.RecurringCharges, RecurringCharge);
        Array(w, "oneTimeCharges", p.OneTimeCharges, OneTimeCharge);
        Array(w, "usageCharges", p.UsageCharges, UsageCharge);
        Array(w, "allowances", p.Allowances, Allowance);
        Array(w, "discounts", p.Discounts, Discount);
        Array(w, "commitments", p.Commitments, Commitment);
        Array(w, "caps", p.Caps, Cap);
        Array(w, "rules", p.Rules, Rule);
        w.WriteEndObject();
    }

    private static void CustomService(Utf8JsonWriter w, CustomService s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        String(w, "name", s.Name);
        w.WriteString("baseUnit", s.BaseUnit);
        w.WritePropertyName("units");
        w.WriteStartObject();
        foreach (var (unit, factor) in s.Units)
        {
            w.WriteNumber(unit, factor);
        }

        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void TimeBand(Utf8JsonWriter w, TimeBand b)
    {
        w.WriteStartObject();
        w.WriteString("id", b.Id);
        String(w, "name", b.Name);
        w.WritePropertyName("windows");
        w.WriteStartArray();
        foreach (var window in b.Windows)
        {
            w.WriteStartObject();
            w.WritePropertyName("days");
            w.WriteStartArray();
            foreach (var day in window.Days)
            {
                w.WriteStringValue(EnumNames<BandDay>.Of(day));
            }

            w.WriteEndArray();
            w.WriteString("from", TimePattern.Format(window.From));
            w.WriteString("to", window.To == LocalTime.Midnight ? "24:00" : TimePattern.Format(window.To));
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void Zone(Utf8JsonWriter w, Zone z)
    {
        w.WriteStartObject();
        w.WriteString("id", z.Id);
        String(w, "name", z.Name);
        Array(w, "destinationPrefixes", z.DestinationPrefixes, (w, s) => w.WriteStringValue(s));
        Array(w, "visitedNetworks", z.VisitedNetworks, (w, s) => w.WriteStringValue(s));
        w.WriteEndObject();
    }

    private static void RecurringCharge(Utf8JsonWriter w, RecurringCharge c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteNumber("price", c.Price);
        w.WriteString("period", EnumNames<ChargePeriod>.Of(c.Period));
        w.WriteString("timing", EnumNames<ChargeTiming>.Of(c.Timing));
        w.WriteString("proration", EnumNames<ProrationPolicy>.Of(c.Proration));

        // Written only when not the default, so documents stored before the policy existed serialise as they did.
        if (c.Suspension != SuspensionPolicy.Charge)
        {
            w.WriteString("suspension", EnumNames<SuspensionPolicy>.Of(c.Suspension));
        }

        if (c.SuspendedPrice is { } suspendedPrice)
        {
            w.WriteNumber("suspendedPrice", suspendedPrice);
        }

        String(w, "taxCategory", c.TaxCategory);
        w.WriteEndObject();
    }

    private static void OneTimeCharge(Utf8JsonWriter w, OneTimeCharge c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteNumber("price", c.Price);
        w.WriteString("trigger", EnumNames<OneTimeTrigger>.Of(c.Trigger));
        String(w, "taxCategory", c.TaxCategory);
        w.WriteEndObject();
    }

    private static void UsageCharge(Utf8JsonWriter w, UsageCharge c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteString("service", c.Service);
        w.WriteString("rateUnit", c.RateUnit);
        w.WriteString("model", EnumNames<ChargeModel>.Of(c.Model));
        Number(w, "price", c.Price);
        Array(w, "tiers", c.Tiers, Tier);
        Number(w, "blockSize", c.BlockSize);
        Number(w, "percent", c.Percent);
        String(w, "percentOf", c.PercentOf);
        if (c.Increment is { } increment)
        {
            w.WritePropertyName("increment");
            w.WriteStartObject();
            w.WriteNumber("first", increment.First);
            w.WriteNumber("next", increment.Next);
            w.WriteEndObject();
        }

        if (c.RoundPer != RoundingScope.Record)
        {
            w.WriteString("roundPer", EnumNames<RoundingScope>.Of(c.RoundPer));
        }

        if (c.ConnectFee != 0m)
        {
            w.WriteNumber("connectFee", c.ConnectFee);
        }

        Number(w, "maxCostPerRecord", c.MaxCostPerRecord);
        String(w, "timeBand", c.TimeBand);
        String(w, "zone", c.Zone);
        if (c.CounterScope != CounterScope.Subscription)
        {
            w.WriteString("counterScope", EnumNames<CounterScope>.Of(c.CounterScope));
        }

        String(w, "taxCategory", c.TaxCategory);
        w.WriteEndObject();
    }

    private static void Tier(Utf8JsonWriter w, PriceTier t)
    {
        w.WriteStartObject();
        w.WriteNumber("from", t.From);
        Number(w, "to", t.To);
        Number(w, "price", t.Price);
        Number(w, "flatFee", t.FlatFee);
        w.WriteEndObject();
    }

    private static void Allowance(Utf8JsonWriter w, Allowance a)
    {
        w.WriteStartObject();
        w.WriteString("id", a.Id);
        w.WriteString("name", a.Name);
        w.WriteString("service", a.Service);
        w.WriteNumber("quantity", a.Quantity);
        w.WriteString("unit", a.Unit);
        w.WriteString("scope", EnumNames<AllowanceScope>.Of(a.Scope));
        w.WriteNumber("priority", a.Priority);
        String(w, "timeBand", a.TimeBand);
        String(w, "zone", a.Zone);
        Array(w, "charges", a.Charges, (w, s) => w.WriteStringValue(s));
        if (a.NotifyAtPercent is { } percents)
        {
            // Written even when empty: an empty list turns the platform default off, a missing one keeps it.
            w.WritePropertyName("notifyAtPercent");
            w.WriteStartArray();
            foreach (var percent in percents)
            {
                w.WriteNumberValue(percent);
            }

            w.WriteEndArray();
        }

        w.WriteEndObject();
    }

    private static void Discount(Utf8JsonWriter w, Discount d)
    {
        w.WriteStartObject();
        w.WriteString("id", d.Id);
        w.WriteString("name", d.Name);
        w.WriteString("kind", EnumNames<DiscountKind>.Of(d.Kind));
        w.WriteNumber("value", d.Value);
        StringArray(w, "charges", d.Charges);
        if (d.Cycles is { } cycles)
        {
            w.WriteNumber("cycles", cycles);
        }

        Instant(w, "from", d.From);
        Instant(w, "until", d.Until);
        w.WriteEndObject();
    }

    private static void Commitment(Utf8JsonWriter w, Commitment c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteNumber("minimum", c.Minimum);
        Array(w, "charges", c.Charges, (w, s) => w.WriteStringValue(s));
        w.WriteEndObject();
    }

    private static void Cap(Utf8JsonWriter w, Cap c)
    {
        w.WriteStartObject();
        w.WriteString("id", c.Id);
        w.WriteString("name", c.Name);
        w.WriteNumber("maximum", c.Maximum);
        StringArray(w, "charges", c.Charges);
        w.WriteEndObject();
    }

    private static void Rule(Utf8JsonWriter w, RuleRef r)
    {
        w.WriteStartObject();
        w.WriteString("name", r.Name);
        if (r.Version is { } version)
        {
            w.WriteNumber("version", version);
        }

        if (r.Parameters.Count > 0)
        {
            w.WritePropertyName("parameters");
            w.WriteStartObject();
            foreach (var (key, value) in r.Parameters)
            {
                w.WriteString(key, value);
            }

            w.WriteEndObject();
        }

        Array(w, "charges", r.Charges, (w, s) => w.WriteStringValue(s));
        w.WriteEndObject();
    }

    /// <summary>Writes a non-empty list; an empty optional list is left out.</summary>
    private static void Array<T>(Utf8JsonWriter w, string name, IReadOnlyList<T> items, Action<Utf8JsonWriter, T> item)
    {
        if (items.Count == 0)
        {
            return;
        }

        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var value in items)
        {
            item(w, value);
        }

        w.WriteEndArray();
    }

    /// <summary>Writes a required list of strings, even when empty.</summary>
    private static void StringArray(Utf8JsonWriter w, string name, IReadOnlyList<string> items)
    {
        w.WritePropertyName(name);
        w.WriteStartArray();
        foreach (var item in items)
        {
            w.WriteStringValue(item);
        }

        w.WriteEndArray();
    }

    private static void String(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void Number(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } number)
        {
            w.WriteNumber(name, number);
        }
    }

    private static void Instant(Utf8JsonWriter w, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            w.WriteString(name, FormatInstant(instant));
        }
    }

    /// <summary>ISO 8601 with the instant's own offset ("Z" for UTC) and fractional seconds only when present.</summary>
    internal static string FormatInstant(DateTimeOffset instant)
    {
        var text = instant.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture);
        return instant.Offset == TimeSpan.Zero ? text + "Z" : text + instant.ToString("zzz", CultureInfo.InvariantCulture);
    }
}
