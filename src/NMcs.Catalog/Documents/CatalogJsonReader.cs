using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace NMcs.Catalog.Model;

/// <summary>
/// Reads a catalog document into the model, checking its shape: types, required and unknown properties, enum values,
/// currencies, dates and times. It never stops at the first problem: a bad value is recorded with its JSON Pointer and
/// replaced by a placeholder so the rest of the document is still read (and later validated).
/// </summary>
internal sealed partial class CatalogJsonReader(List<CatalogError> errors)
{
    private static readonly LocalDatePattern DatePattern = LocalDatePattern.Iso;
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    public CatalogDefinition Document(JsonElement root)
    {
        if (!ExpectObject(root, "", "document"))
        {
            return new CatalogDefinition();
        }

        OptionalString(root, "", "$schema");
        var formatVersion = Int(root, "", "formatVersion", "1", required: true) ?? CatalogDefinition.CurrentFormatVersion;
        if (formatVersion != CatalogDefinition.CurrentFormatVersion)
        {
            Error("/formatVersion", $"formatVersion {formatVersion} is not supported; this catalog reads format version {CatalogDefinition.CurrentFormatVersion}.");
        }

        return new CatalogDefinition
        {
            FormatVersion = formatVersion,
            TaxRates = Array(root, "", "taxRates", TaxRate),
            Products = Array(root, "", "products", Product, required: true),
        };
    }

    private TaxRate TaxRate(JsonElement e, string p)
    {
        ExpectObject(e, p, "taxRate");
        return new TaxRate
        {
            Jurisdiction = String(e, p, "jurisdiction", "a country or region code such as DE"),
            Category = String(e, p, "category", "a tax category such as telecom"),
            Rate = Decimal(e, p, "rate", "the rate in percent, e.g. 19"),
            Treatment = Enum(e, p, "treatment", TaxTreatment.Exclusive),
            ValidFrom = OptionalInstant(e, p, "validFrom"),
            ValidTo = OptionalInstant(e, p, "validTo"),
        };
    }

    private ProductOffering Product(JsonElement e, string p)
    {
        ExpectObject(e, p, "product");
        return new ProductOffering
        {
            Id = String(e, p, "id", "a product id such as IOT-POOL-10"),
            Version = Int(e, p, "version", "a version number such as 1", required: true) ?? 0,
            Name = String(e, p, "name", "the name printed on invoices"),
            Description = OptionalString(e, p, "description"),
            Status = Enum(e, p, "status", LifecycleStatus.Draft),
            ValidFrom = OptionalInstant(e, p, "validFrom", required: true) ?? DateTimeOffset.MinValue,
            ValidTo = OptionalInstant(e, p, "validTo"),
            Currency = CurrencyValue(e, p, "currency"),
            Rounding = Has(e, "rounding") ? Rounding(e.GetProperty("rounding"), JsonPointer.Append(p, "rounding")) : RoundingRule.Default,
            CustomServices = Array(e, p, "customServices", CustomService),
            Holidays = Array(e, p, "holidays", Date),
            TimeBands = Array(e, p, "timeBands", TimeBand),
            Zones = Array(e, p, "zones", Zone),
            RecurringCharges = Array(e, p, "recurringCharges", RecurringCharge),
            OneTimeCharges = Array(e, p, "oneTimeCharges", OneTimeCharge),
            UsageCharges = Array(e, p, "usageCharges", UsageCharge),
            Allowances = Array(e, p, "allowances", Allowance),
            Discounts = Array(e, p, "discounts", Discount),
            Commitments = Array(e, p, "commitments", Commitment),
            Caps = Array(e, p, "caps", Cap),
            Rules = Array(e, p, "rules", Rule),
        };
    }

    private RoundingRule Rounding(JsonElement e, string p)
    {
        ExpectObject(e, p, "rounding");
        return new RoundingRule
        {
            Mode = Enum(e, p, "mode", RoundingMode.HalfUp),
            Decimals = Int(e, p, "decimals", "a number of decimals such as 2"),
        };
    }

    private CustomService CustomService(JsonElement e, string p)
    {
        ExpectObject(e, p, "customService");
        var units = new Dictionary<string, decimal>(StringComparer.OrdinalIgnoreCase);
        var unitsPointer = JsonPointer.Append(p, "units");
        if (Property(e, p, "units", JsonValueKind.Object, "an object of unit factors such as {\"WH\": 1, \"KWH\": 1000}", required: true) is { } unitsElement)
        {
            foreach (var unit in unitsElement.EnumerateObject())
            {
                var unitPointer = JsonPointer.Append(unitsPointer, unit.Name);
                if (unit.Value.ValueKind == JsonValueKind.Number && unit.Value.TryGetDecimal(out var factor))
                {
                    units[unit.Name] = factor;
                }
                else
                {
                    Error(unitPointer, $"unit {unit.Name} must map to a number of base units, e.g. 1000.");
                }
            }
        }

        return new CustomService
        {
            Id = String(e, p, "id", "a service code such as METER"),
            Name = OptionalString(e, p, "name"),
            BaseUnit = String(e, p, "baseUnit", "the unit quantities are reported in, e.g. WH"),
            Units = units,
        };
    }

    private TimeBand TimeBand(JsonElement e, string p)
    {
        ExpectObject(e, p, "timeBand");
        return new TimeBand
        {
            Id = String(e, p, "id", "a band id such as peak"),
            Name = OptionalString(e, p, "name"),
            Windows = Array(e, p, "windows", TimeWindow, required: true),
        };
    }

    private TimeWindow TimeWindow(JsonElement e, string p)
    {
        ExpectObject(e, p, "timeWindow");
        return new TimeWindow
        {
            Days = Array(e, p, "days", (d, dp) => EnumValue(d, dp, BandDay.Monday), required: true),
            From = Time(e, p, "from", endOfDayAllowed: false),
            To = Time(e, p, "to", endOfDayAllowed: true),
        };
    }

    private Zone Zone(JsonElement e, string p)
    {
        ExpectObject(e, p, "zone");
        return new Zone
        {
            Id = String(e, p, "id", "a zone id such as eu-roaming"),
            Name = OptionalString(e, p, "name"),
            DestinationPrefixes = Array(e, p, "destinationPrefixes", StringItem),
            VisitedNetworks = Array(e, p, "visitedNetworks", StringItem),
        };
    }

    private RecurringCharge RecurringCharge(JsonElement e, string p)
    {
        ExpectObject(e, p, "recurringCharge");
        return new RecurringCharge
        {
            Id = String(e, p, "id", "a charge id such as sim-fee"),
            Name = String(e, p, "name", "the name printed on invoices"),
            Price = Decimal(e, p, "price", "the price per period, e.g. 1.50"),
            Period = Enum(e, p, "period", ChargePeriod.Monthly),
            Timing = Enum(e, p, "timing", ChargeTiming.InAdvance),
            Proration = Enum(e, p, "proration", ProrationPolicy.None),
            Suspension = Enum(e, p, "suspension", SuspensionPolicy.Charge),
            SuspendedPrice = OptionalDecimal(e, p, "suspendedPrice"),
            TaxCategory = OptionalString(e, p, "taxCategory"),
        };
    }

    private OneTimeCharge OneTimeCharge(JsonElement e, string p)
    {
        ExpectObject(e, p, "oneTimeCharge");
        return new OneTimeCharge
        {
            Id = String(e, p, "id", "a charge id such as activation"),
            Name = String(e, p, "name", "the name printed on invoices"),
            Price = Decimal(e, p, "price", "the fee, e.g. 5.00"),
            Trigger = Enum(e, p, "trigger", OneTimeTrigger.Activation, required: true),
            TaxCategory = OptionalString(e, p, "taxCategory"),
        };
    }

    private UsageCharge UsageCharge(JsonElement e, string p)
    {
        ExpectObject(e, p, "usageCharge");
        return new UsageCharge
        {
            Id = String(e, p, "id", "a charge id such as data-home"),
            Name = String(e, p, "name", "the name printed on invoices"),
            Service = String(e, p, "service", "DATA, SMS, VOICE or a custom service code"),
            RateUnit = String(e, p, "rateUnit", "the unit prices are quoted in, e.g. MB"),
            Model = Has(e, "model") ? Enum(e, p, "model", GuessModel(e)) : ChargeModel.PerUnit,
            Price = OptionalDecimal(e, p, "price"),
            Tiers = Array(e, p, "tiers", Tier),
            BlockSize = OptionalDecimal(e, p, "blockSize"),
            Percent = OptionalDecimal(e, p, "percent"),
            PercentOf = OptionalString(e, p, "percentOf"),
            Increment = Has(e, "increment") ? Increment(e.GetProperty("increment"), JsonPointer.Append(p, "increment")) : null,
            RoundPer = Enum(e, p, "roundPer", RoundingScope.Record),
            ConnectFee = OptionalDecimal(e, p, "connectFee") ?? 0m,
            MaxCostPerRecord = OptionalDecimal(e, p, "maxCostPerRecord"),
            TimeBand = OptionalString(e, p, "timeBand"),
            Zone = OptionalString(e, p, "zone"),
            CounterScope = Enum(e, p, "counterScope", CounterScope.Subscription),
            TaxCategory = OptionalString(e, p, "taxCategory"),
        };
    }

    /// <summary>
    /// The model a charge's other properties suggest, used as the placeholder when "model" is misspelt so the charge's
    /// tiers or block size are not reported as misplaced on top of the spelling error.
    /// </summary>
    private static ChargeModel GuessModel(JsonElement e)
    {
        if (Has(e, "percentOf") || Has(e, "percent"))
        {
            return ChargeModel.Percentage;
        }

        if (Has(e, "blockSize"))
        {
            return ChargeModel.Block;
        }

        if (Has(e, "tiers"))
        {
            return e.GetProperty("tiers").ValueKind == JsonValueKind.Array
                && e.GetProperty("tiers").EnumerateArray().Any(t => Has(t, "flatFee"))
                ? ChargeModel.FlatPerTier
                : ChargeModel.Graduated;
        }

        return ChargeModel.PerUnit;
    }

    private PriceTier Tier(JsonElement e, string p)
    {
        ExpectObject(e, p, "tier");
        return new PriceTier
        {
            From = Decimal(e, p, "from", "the tier's lower bound in rate units, e.g. 0"),
            To = OptionalDecimal(e, p, "to"),
            Price = OptionalDecimal(e, p, "price"),
            FlatFee = OptionalDecimal(e, p, "flatFee"),
        };
    }

    private UsageIncrement Increment(JsonElement e, string p)
    {
        ExpectObject(e, p, "increment");
        return new UsageIncrement
        {
            First = Decimal(e, p, "first", "the first interval in base units, e.g. 60"),
            Next = Decimal(e, p, "next", "each later interval in base units, e.g. 1"),
        };
    }

    private Allowance Allowance(JsonElement e, string p)
    {
        ExpectObject(e, p, "allowance");
        return new Allowance
        {
            Id = String(e, p, "id", "an allowance id such as pool-10gb"),
            Name = String(e, p, "name", "the name printed on invoices"),
            Service = String(e, p, "service", "DATA, SMS, VOICE or a custom service code"),
            Quantity = Decimal(e, p, "quantity", "the included quantity, e.g. 10"),
            Unit = String(e, p, "unit", "the unit of quantity, e.g. GB"),
            Scope = Enum(e, p, "scope", AllowanceScope.Subscription),
            Priority = Int(e, p, "priority", "a consumption order such as 1") ?? 0,
            TimeBand = OptionalString(e, p, "timeBand"),
            Zone = OptionalString(e, p, "zone"),
            Charges = Array(e, p, "charges", StringItem),
            NotifyAtPercent = Has(e, "notifyAtPercent") ? Array(e, p, "notifyAtPercent", PercentItem) : null,
        };
    }

    private Discount Discount(JsonElement e, string p)
    {
        ExpectObject(e, p, "discount");
        return new Discount
        {
            Id = String(e, p, "id", "a discount id such as launch-offer"),
            Name = String(e, p, "name", "the name printed on invoices"),
            Kind = Enum(e, p, "kind", DiscountKind.Percentage, required: true),
            Value = Decimal(e, p, "value", "the percent or amount, e.g. 20"),
            Charges = Array(e, p, "charges", StringItem, required: true),
            Cycles = Int(e, p, "cycles", "a number of billing cycles such as 3"),
            From = OptionalInstant(e, p, "from"),
            Until = OptionalInstant(e, p, "until"),
        };
    }

    private Commitment Commitment(JsonElement e, string p)
    {
        ExpectObject(e, p, "commitment");
        return new Commitment
        {
            Id = String(e, p, "id", "a commitment id such as minimum-spend"),
            Name = String(e, p, "name", "the name printed on the true-up line"),
            Minimum = Decimal(e, p, "minimum", "the minimum per cycle, e.g. 100"),
            Charges = Array(e, p, "charges", StringItem),
        };
    }

    private Cap Cap(JsonElement e, string p)
    {
        ExpectObject(e, p, "cap");
        return new Cap
        {
            Id = String(e, p, "id", "a cap id such as roaming-cap"),
            Name = String(e, p, "name", "the name printed on the credit line"),
            Maximum = Decimal(e, p, "maximum", "the maximum per cycle, e.g. 50"),
            Charges = Array(e, p, "charges", StringItem, required: true),
        };
    }

    private RuleRef Rule(JsonElement e, string p)
    {
        ExpectObject(e, p, "rule");
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal);
        var parametersPointer = JsonPointer.Append(p, "parameters");
        if (Property(e, p, "parameters", JsonValueKind.Object, "an object of string parameters such as {\"minSims\": \"10\"}") is { } parametersElement)
        {
            foreach (var parameter in parametersElement.EnumerateObject())
            {
                if (parameter.Value.ValueKind == JsonValueKind.String)
                {
                    parameters[parameter.Name] = parameter.Value.GetString()!;
                }
                else
                {
                    Error(
                        JsonPointer.Append(parametersPointer, parameter.Name),
                        $"parameter {parameter.Name} must be a string; write numbers in quotes, e.g. \"10\".");
                }
            }
        }

        return new RuleRef
        {
            Name = String(e, p, "name", "the rule's deployed name such as night-data-free"),
            Version = Int(e, p, "version", "a rule version such as 2"),
            Parameters = parameters,
            Charges = Array(e, p, "charges", StringItem),
        };
    }

    private decimal PercentItem(JsonElement e, string p)
    {
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out var percent))
        {
            return percent;
        }

        Error(p, $"must be a number of percent such as 80, not {Describe(e)}.");

        // A placeholder the validator accepts, so the one mistake is reported once.
        return 100m;
    }

    private string StringItem(JsonElement e, string p)
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            return e.GetString()!;
        }

        Error(p, $"must be a string, not {Describe(e)}.");
        return "";
    }

    private LocalDate Date(JsonElement e, string p)
    {
        if (e.ValueKind == JsonValueKind.String && DatePattern.Parse(e.GetString()!) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        Error(p, $"{Quote(e)} is not a date; write YYYY-MM-DD, e.g. 2026-12-25.");
        return default;
    }

    private LocalTime Time(JsonElement e, string p, string name, bool endOfDayAllowed)
    {
        if (Property(e, p, name, JsonValueKind.String, endOfDayAllowed ? "a local time HH:mm such as 18:00 (24:00 for the end of the day)" : "a local time HH:mm such as 08:00", required: true) is not { } value)
        {
            return LocalTime.Midnight;
        }

        var text = value.GetString()!;
        if (endOfDayAllowed && text == "24:00")
        {
            return LocalTime.Midnight;
        }

        if (TimePattern.Parse(text) is { Success: true } parsed)
        {
            return parsed.Value;
        }

        Error(JsonPointer.Append(p, name), $"'{text}' is not a local time; write HH:mm from 00:00 to 23:59{(endOfDayAllowed ? " or 24:00 for the end of the day" : "")}.");
        return LocalTime.Midnight;
    }

    private Currency CurrencyValue(JsonElement e, string p, string name)
    {
        if (Property(e, p, name, JsonValueKind.String, "an ISO 4217 code such as EUR", required: true) is not { } value)
        {
            return default;
        }

        var code = value.GetString()!;
        if (Currency.TryParse(code, out var currency))
        {
            return currency;
        }

        Error(JsonPointer.Append(p, name), $"'{code}' is not a supported ISO 4217 currency code; use an upper-case three-letter code such as EUR or USD.");
        return default;
    }

    private DateTimeOffset? OptionalInstant(JsonElement e, string p, string name, bool required = false)
    {
        if (Property(e, p, name, JsonValueKind.String, "an ISO 8601 instant with offset such as 2026-01-01T00:00:00Z", required) is not { } value)
        {
            return null;
        }

        var text = value.GetString()!;
        if (InstantSyntax().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant))
        {
            return instant;
        }

        Error(JsonPointer.Append(p, name), $"'{text}' is not an ISO 8601 instant; write date, time and offset, e.g. 2026-01-01T00:00:00Z or 2026-01-01T00:00:00+01:00.");
        return null;
    }

    private T Enum<T>(JsonElement e, string p, string name, T fallback, bool required = false)
        where T : struct, Enum
    {
        if (Property(e, p, name, JsonValueKind.String, "one of " + string.Join(", ", EnumNames<T>.All), required) is not { } value)
        {
            return fallback;
        }

        return EnumValue(value, JsonPointer.Append(p, name), fallback);
    }

    private T EnumValue<T>(JsonElement value, string pointer, T fallback)
        where T : struct, Enum
    {
        if (value.ValueKind == JsonValueKind.String && EnumNames<T>.TryParse(value.GetString()!, out var parsed))
        {
            return parsed;
        }

        var hint = value.ValueKind == JsonValueKind.String && EnumNames<T>.CaseInsensitiveMatch(value.GetString()!) is { } match
            ? $"write it as {match}"
            : "use one of " + string.Join(", ", EnumNames<T>.All);
        Error(pointer, $"{Quote(value)} is not a valid value; {hint}.");
        return fallback;
    }

    private string String(JsonElement e, string p, string name, string hint) =>
        Property(e, p, name, JsonValueKind.String, hint, required: true)?.GetString() ?? "";

    private string? OptionalString(JsonElement e, string p, string name) =>
        Property(e, p, name, JsonValueKind.String, "a string")?.GetString();

    private decimal Decimal(JsonElement e, string p, string name, string hint) =>
        Number(e, p, name, hint, required: true) ?? 0m;

    private decimal? OptionalDecimal(JsonElement e, string p, string name) =>
        Number(e, p, name, "a number such as 0.02", required: false);

    private decimal? Number(JsonElement e, string p, string name, string hint, bool required)
    {
        if (Property(e, p, name, JsonValueKind.Number, hint, required) is not { } value)
        {
            return null;
        }

        if (value.TryGetDecimal(out var number))
        {
            return number;
        }

        Error(JsonPointer.Append(p, name), $"{value.GetRawText()} is out of range; use a decimal number with at most 28 significant digits.");
        return null;
    }

    private int? Int(JsonElement e, string p, string name, string hint, bool required = false)
    {
        if (Property(e, p, name, JsonValueKind.Number, hint, required) is not { } value)
        {
            return null;
        }

        if (value.TryGetInt32(out var number))
        {
            return number;
        }

        Error(JsonPointer.Append(p, name), $"{value.GetRawText()} must be a whole number, e.g. {hint}.");
        return null;
    }

    private List<T> Array<T>(JsonElement e, string p, string name, Func<JsonElement, string, T> item, bool required = false)
    {
        var list = new List<T>();
        if (Property(e, p, name, JsonValueKind.Array, "an array", required) is not { } array)
        {
            return list;
        }

        var pointer = JsonPointer.Append(p, name);
        var index = 0;
        foreach (var element in array.EnumerateArray())
        {
            list.Add(item(element, JsonPointer.Append(pointer, index)));
            index++;
        }

        return list;
    }

    /// <summary>
    /// The property <paramref name="name"/> when present with the expected kind; records an error when it has another
    /// kind or is required and missing. JSON null counts as missing.
    /// </summary>
    private JsonElement? Property(JsonElement e, string p, string name, JsonValueKind kind, string hint, bool required = false)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required && e.ValueKind == JsonValueKind.Object)
            {
                Error(JsonPointer.Append(p, name), $"{name} is required: {hint}.");
            }

            return null;
        }

        if (value.ValueKind == kind)
        {
            return value;
        }

        Error(JsonPointer.Append(p, name), $"{name} must be {Article(kind)}, not {Describe(value)}: {hint}.");
        return null;
    }

    private static bool Has(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    /// <summary>Checks <paramref name="e"/> is an object and has only the properties <paramref name="kind"/> accepts.</summary>
    private bool ExpectObject(JsonElement e, string p, string kind)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            Error(p, $"must be an object ({kind}), not {Describe(e)}.");
            return false;
        }

        var accepted = CatalogShape.Properties[kind];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in e.EnumerateObject())
        {
            if (!seen.Add(property.Name))
            {
                Error(JsonPointer.Append(p, property.Name), $"property '{property.Name}' appears twice; keep one.");
            }
            else if (!accepted.Contains(property.Name))
            {
                var suggestion = Closest(property.Name, accepted);
                Error(
                    JsonPointer.Append(p, property.Name),
                    $"unknown property '{property.Name}'{(suggestion is null ? "" : $"; did you mean '{suggestion}'?")} A {kind} accepts {string.Join(", ", accepted)}.");
            }
        }

        return true;
    }

    private void Error(string pointer, string message) => errors.Add(new CatalogError(pointer, message));

    private static string? Closest(string name, IReadOnlyList<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in candidates)
        {
            var distance = EditDistance(name.ToLowerInvariant(), candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                best = candidate;
                bestDistance = distance;
            }
        }

        return bestDistance <= Math.Max(1, name.Length / 3) ? best : null;
    }

    private static int EditDistance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    private static string Article(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        _ => kind.ToString().ToLowerInvariant(),
    };

    private static string Describe(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{e.GetString()}\"",
        JsonValueKind.Number => $"the number {e.GetRawText()}",
        JsonValueKind.True or JsonValueKind.False => e.GetRawText(),
        JsonValueKind.Null => "null",
        JsonValueKind.Array => "an array",
        _ => "an object",
    };

    private static string Quote(JsonElement e) => e.ValueKind == JsonValueKind.String ? $"'{e.GetString()}'" : Describe(e);

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,7})?)?(Z|[+-]\d{2}:\d{2})$", RegexOptions.CultureInvariant)]
    private static partial Regex InstantSyntax();
}
