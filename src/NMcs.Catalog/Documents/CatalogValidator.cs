using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.RegularExpressions;
using NodaTime;
using NodaTime.Text;

namespace NMcs.Catalog.Model;

/// <summary>
/// The catalog's business rules: ids unique and references resolvable, prices not negative, tiers contiguous, units
/// belonging to their service, effective dates in order. Returns every error with its JSON Pointer and the fix; an
/// empty list means valid. Works on documents and on models built in code alike.
/// </summary>
public static partial class CatalogValidator
{
    private static readonly LocalTimePattern TimePattern = LocalTimePattern.CreateWithInvariantCulture("HH':'mm");

    /// <summary>Validates a whole catalog.</summary>
    public static IReadOnlyList<CatalogError> Validate(CatalogDefinition catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var errors = new List<CatalogError>();
        ValidateTaxRates(catalog.TaxRates, errors);
        var seen = new Dictionary<(string, int), int>();
        for (var i = 0; i < catalog.Products.Count; i++)
        {
            var product = catalog.Products[i];
            var pointer = "/products/" + Index(i);
            if (seen.TryGetValue((product.Id, product.Version), out var first))
            {
                errors.Add(new CatalogError(
                    pointer + "/version",
                    $"product {product.Id} version {product.Version} is already defined at /products/{Index(first)}; give this version its own number (next free: {catalog.Products.Where(p => p.Id == product.Id).Max(p => p.Version) + 1})."));
            }
            else
            {
                seen[(product.Id, product.Version)] = i;
            }

            Check(product, pointer, catalog.TaxRates, errors);
        }

        return errors;
    }

    /// <summary>
    /// Validates one product version; pointers start with <paramref name="pointer"/>. Tax categories are checked
    /// against <paramref name="taxRates"/> when given.
    /// </summary>
    [SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "JSON Pointer is the RFC 6901 name of the location.")]
    public static IReadOnlyList<CatalogError> ValidateProduct(ProductOffering product, string pointer = "", IReadOnlyList<TaxRate>? taxRates = null)
    {
        ArgumentNullException.ThrowIfNull(product);
        var errors = new List<CatalogError>();
        Check(product, pointer ?? "", taxRates, errors);
        return errors;
    }

    private static void ValidateTaxRates(IReadOnlyList<TaxRate> rates, List<CatalogError> errors)
    {
        for (var i = 0; i < rates.Count; i++)
        {
            var rate = rates[i];
            var p = "/taxRates/" + Index(i);
            Required(rate.Jurisdiction, p + "/jurisdiction", "jurisdiction", "a country or region code such as DE", errors);
            Required(rate.Category, p + "/category", "category", "a tax category such as telecom", errors);
            if (rate.Rate is < 0 or > 100)
            {
                errors.Add(new CatalogError(p + "/rate", $"rate {Fmt(rate.Rate)} must be a percentage from 0 to 100, e.g. 19."));
            }

            if (rate.ValidFrom is { } from && rate.ValidTo is { } to && to <= from)
            {
                errors.Add(new CatalogError(p + "/validTo", $"validTo {Fmt(to)} must be after validFrom {Fmt(from)}."));
            }

            for (var j = 0; j < i; j++)
            {
                var other = rates[j];
                if (other.Jurisdiction == rate.Jurisdiction && other.Category == rate.Category && Overlap(other.ValidFrom, other.ValidTo, rate.ValidFrom, rate.ValidTo))
                {
                    errors.Add(new CatalogError(
                        p,
                        $"tax rate {rate.Jurisdiction}/{rate.Category} overlaps /taxRates/{Index(j)} in time; end one with validTo where the other's validFrom begins."));
                    break;
                }
            }
        }
    }

    private static void Check(ProductOffering product, string p, IReadOnlyList<TaxRate>? taxRates, List<CatalogError> errors)
    {
        if (string.IsNullOrWhiteSpace(product.Id) || product.Id.Length > 64 || !IdSyntax().IsMatch(product.Id))
        {
            errors.Add(new CatalogError(p + "/id", $"id '{product.Id}' must be 1 to 64 letters, digits, '.', '_' or '-', e.g. IOT-POOL-10."));
        }

        if (product.Version < 1)
        {
            errors.Add(new CatalogError(p + "/version", $"version {product.Version} must be 1 or more."));
        }

        Required(product.Name, p + "/name", "name", "the name printed on invoices", errors);
        if (product.Currency.Code is null)
        {
            errors.Add(new CatalogError(p + "/currency", "currency is required: an ISO 4217 code such as EUR."));
        }

        if (product.ValidTo is { } validTo && validTo <= product.ValidFrom)
        {
            errors.Add(new CatalogError(
                p + "/validTo",
                $"validTo {Fmt(validTo)} must be after validFrom {Fmt(product.ValidFrom)}; remove validTo or move it later."));
        }

        if (product.Rounding.Decimals is { } decimals && decimals is < 0 or > 10)
        {
            errors.Add(new CatalogError(p + "/rounding/decimals", $"decimals {decimals} must be from 0 to 10; leave it out to round at the currency's minor unit."));
        }

        CheckCustomServices(product, p, errors);
        var bands = CheckTimeBands(product, p, errors);
        var zones = CheckZones(product, p, errors);
        var charges = CheckChargeIds(product, p, errors);
        var taxCategories = taxRates?.Select(t => t.Category).ToHashSet(StringComparer.Ordinal);

        for (var i = 0; i < product.RecurringCharges.Count; i++)
        {
            var charge = product.RecurringCharges[i];
            var cp = p + "/recurringCharges/" + Index(i);
            Required(charge.Name, cp + "/name", "name", "the name printed on invoices", errors);
            NotNegative(charge.Price, cp + "/price", "price", errors);
            CheckSuspension(charge, cp, errors);
            TaxCategory(charge.TaxCategory, cp, taxCategories, errors);
        }

        for (var i = 0; i < product.OneTimeCharges.Count; i++)
        {
            var charge = product.OneTimeCharges[i];
            var cp = p + "/oneTimeCharges/" + Index(i);
            Required(charge.Name, cp + "/name", "name", "the name printed on invoices", errors);
            NotNegative(charge.Price, cp + "/price", "price", errors);
            TaxCategory(charge.TaxCategory, cp, taxCategories, errors);
        }

        for (var i = 0; i < product.UsageCharges.Count; i++)
        {
            CheckUsageCharge(product, i, p + "/usageCharges/" + Index(i), bands, zones, taxCategories, errors);
        }

        CheckAllowances(product, p, bands, zones, errors);

        for (var i = 0; i < product.Discounts.Count; i++)
        {
            var discount = product.Discounts[i];
            var dp = p + "/discounts/" + Index(i);
            Required(discount.Name, dp + "/name", "name", "the name printed on invoices", errors);
            NotNegative(discount.Value, dp + "/value", "value", errors);
            if (discount.Kind == DiscountKind.Percentage && discount.Value > 100)
            {
                errors.Add(new CatalogError(dp + "/value", $"value {Fmt(discount.Value)} is more than 100 percent; a percentage discount takes 0 to 100."));
            }

            ChargeRefs(discount.Charges, dp + "/charges", charges, "discount", requireOne: true, errors);
            if (discount.Cycles is < 1)
            {
                errors.Add(new CatalogError(dp + "/cycles", $"cycles {discount.Cycles} must be 1 or more; leave it out for a discount without a cycle limit."));
            }

            if (discount.From is { } from && discount.Until is { } until && until <= from)
            {
                errors.Add(new CatalogError(dp + "/until", $"until {Fmt(until)} must be after from {Fmt(from)}."));
            }
        }

        for (var i = 0; i < product.Commitments.Count; i++)
        {
            var commitment = product.Commitments[i];
            var cp = p + "/commitments/" + Index(i);
            Required(commitment.Name, cp + "/name", "name", "the name printed on the true-up line", errors);
            NotNegative(commitment.Minimum, cp + "/minimum", "minimum", errors);
            ChargeRefs(commitment.Charges, cp + "/charges", charges, "commitment", requireOne: false, errors);
        }

        for (var i = 0; i < product.Caps.Count; i++)
        {
            var cap = product.Caps[i];
            var cp = p + "/caps/" + Index(i);
            Required(cap.Name, cp + "/name", "name", "the name printed on the credit line", errors);
            NotNegative(cap.Maximum, cp + "/maximum", "maximum", errors);
            ChargeRefs(cap.Charges, cp + "/charges", charges, "cap", requireOne: true, errors);
        }

        for (var i = 0; i < product.Rules.Count; i++)
        {
            var rule = product.Rules[i];
            var rp = p + "/rules/" + Index(i);
            Required(rule.Name, rp + "/name", "name", "the rule's deployed name such as night-data-free", errors);
            if (rule.Version is < 1)
            {
                errors.Add(new CatalogError(rp + "/version", $"version {rule.Version} must be 1 or more; leave it out for the latest published rule."));
            }

            for (var j = 0; j < rule.Charges.Count; j++)
            {
                if (product.FindUsageCharge(rule.Charges[j]) is null)
                {
                    errors.Add(new CatalogError(
                        rp + "/charges/" + Index(j),
                        $"'{rule.Charges[j]}' is not a usage charge of this product; rules apply to usage charges: {List(product.UsageCharges.Select(c => c.Id))}."));
                }
            }
        }
    }

    private static void CheckCustomServices(ProductOffering product, string p, List<CatalogError> errors)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < product.CustomServices.Count; i++)
        {
            var service = product.CustomServices[i];
            var sp = p + "/customServices/" + Index(i);
            if (!ServiceSyntax().IsMatch(service.Id))
            {
                errors.Add(new CatalogError(sp + "/id", $"id '{service.Id}' must be upper-case letters, digits or '_', starting with a letter, e.g. METER."));
            }
            else if (ServiceCodes.BuiltInType(service.Id) is not null)
            {
                errors.Add(new CatalogError(sp + "/id", $"{service.Id} is built in; a custom service needs another code, e.g. METER."));
            }
            else if (!ids.Add(service.Id))
            {
                errors.Add(new CatalogError(sp + "/id", $"custom service {service.Id} is declared twice; remove one."));
            }

            if (service.Units.Count == 0)
            {
                errors.Add(new CatalogError(sp + "/units", "units must list at least the base unit, e.g. {\"WH\": 1, \"KWH\": 1000}."));
            }

            foreach (var (unit, factor) in service.Units)
            {
                if (factor <= 0)
                {
                    errors.Add(new CatalogError(sp + "/units/" + Escape(unit), $"unit {unit} must be a positive number of base units, e.g. 1000."));
                }
            }

            var baseFactor = service.Units.FirstOrDefault(u => string.Equals(u.Key, service.BaseUnit, StringComparison.OrdinalIgnoreCase));
            if (baseFactor.Key is null || baseFactor.Value != 1m)
            {
                errors.Add(new CatalogError(sp + "/baseUnit", $"baseUnit '{service.BaseUnit}' must be listed in units with factor 1, e.g. \"units\": {{\"{service.BaseUnit}\": 1}}."));
            }
        }
    }

    private static HashSet<string> CheckTimeBands(ProductOffering product, string p, List<CatalogError> errors)
    {
        var ids = UniqueIds(product.TimeBands.Select(b => b.Id).ToList(), p + "/timeBands", "time band", errors);
        var windows = new List<(int Band, int Window, TimeWindow Value)>();
        for (var b = 0; b < product.TimeBands.Count; b++)
        {
            var band = product.TimeBands[b];
            var bp = p + "/timeBands/" + Index(b);
            if (band.Windows.Count == 0)
            {
                errors.Add(new CatalogError(bp + "/windows", $"time band {band.Id} has no windows; add one such as {{\"days\": [\"monday\"], \"from\": \"08:00\", \"to\": \"18:00\"}}."));
            }

            for (var w = 0; w < band.Windows.Count; w++)
            {
                var window = band.Windows[w];
                var wp = bp + "/windows/" + Index(w);
                if (window.Days.Count == 0)
                {
                    errors.Add(new CatalogError(wp + "/days", "days must name at least one of monday … sunday or holiday."));
                }

                if (window.To != LocalTime.Midnight && window.To <= window.From)
                {
                    errors.Add(new CatalogError(
                        wp + "/to",
                        $"to {Fmt(window.To)} must be after from {Fmt(window.From)}; split a window across midnight into {Fmt(window.From)}–24:00 and 00:00–{Fmt(window.To)}."));
                    continue;
                }

                foreach (var (otherBand, otherWindow, other) in windows)
                {
                    if (otherBand != b && WindowsOverlap(window, other, out var day))
                    {
                        errors.Add(new CatalogError(
                            wp,
                            $"overlaps time band {product.TimeBands[otherBand].Id} (window {Index(otherWindow)}, {Fmt(other.From)}–{FmtEnd(other.To)}) on {EnumNames<BandDay>.Of(day)}; a moment belongs to one band only, so move one boundary."));
                        break;
                    }
                }

                windows.Add((b, w, window));
            }
        }

        return ids;
    }

    private static HashSet<string> CheckZones(ProductOffering product, string p, List<CatalogError> errors)
    {
        var ids = UniqueIds(product.Zones.Select(z => z.Id).ToList(), p + "/zones", "zone", errors);
        var prefixes = new Dictionary<string, string>(StringComparer.Ordinal);
        var networks = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var z = 0; z < product.Zones.Count; z++)
        {
            var zone = product.Zones[z];
            var zp = p + "/zones/" + Index(z);
            if (zone.DestinationPrefixes.Count == 0 && zone.VisitedNetworks.Count == 0)
            {
                errors.Add(new CatalogError(zp, $"zone {zone.Id} matches nothing; add destinationPrefixes (e.g. \"49\") or visitedNetworks (e.g. \"234-15\")."));
            }

            for (var i = 0; i < zone.DestinationPrefixes.Count; i++)
            {
                var prefix = zone.DestinationPrefixes[i];
                var pp = zp + "/destinationPrefixes/" + Index(i);
                if (!PrefixSyntax().IsMatch(prefix))
                {
                    errors.Add(new CatalogError(pp, $"prefix '{prefix}' must be 1 to 15 digits in international format without '+' or 00, e.g. 4915."));
                }
                else if (!prefixes.TryAdd(prefix, zone.Id))
                {
                    errors.Add(new CatalogError(pp, $"prefix {prefix} is already in zone {prefixes[prefix]}; a prefix belongs to one zone only."));
                }
            }

            for (var i = 0; i < zone.VisitedNetworks.Count; i++)
            {
                var network = zone.VisitedNetworks[i];
                var np = zp + "/visitedNetworks/" + Index(i);
                if (!NetworkSyntax().IsMatch(network))
                {
                    errors.Add(new CatalogError(np, $"visited network '{network}' must be an MCC (3 digits, e.g. 262) or MCC-MNC (e.g. 262-01)."));
                }
                else if (!networks.TryAdd(network, zone.Id))
                {
                    errors.Add(new CatalogError(np, $"visited network {network} is already in zone {networks[network]}; a network belongs to one zone only."));
                }
            }
        }

        return ids;
    }

    private static HashSet<string> CheckChargeIds(ProductOffering product, string p, List<CatalogError> errors)
    {
        var all = new List<(string Id, string Pointer)>();
        all.AddRange(product.RecurringCharges.Select((c, i) => (c.Id, $"{p}/recurringCharges/{Index(i)}/id")));
        all.AddRange(product.OneTimeCharges.Select((c, i) => (c.Id, $"{p}/oneTimeCharges/{Index(i)}/id")));
        all.AddRange(product.UsageCharges.Select((c, i) => (c.Id, $"{p}/usageCharges/{Index(i)}/id")));
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, pointer) in all)
        {
            if (!IdSyntax().IsMatch(id))
            {
                errors.Add(new CatalogError(pointer, $"id '{id}' must be 1 to 64 letters, digits, '.', '_' or '-', e.g. data-home."));
            }
            else if (!ids.TryAdd(id, pointer))
            {
                errors.Add(new CatalogError(pointer, $"charge id {id} is already used at {ids[id][..^3]}; charge ids are unique across recurring, one-time and usage charges."));
            }
        }

        return [.. ids.Keys];
    }

    private static void CheckUsageCharge(
        ProductOffering product,
        int index,
        string cp,
        HashSet<string> bands,
        HashSet<string> zones,
        HashSet<string>? taxCategories,
        List<CatalogError> errors)
    {
        var charge = product.UsageCharges[index];
        Required(charge.Name, cp + "/name", "name", "the name printed on invoices", errors);
        var serviceKnown = ServiceKnown(product, charge.Service, cp + "/service", errors);
        if (serviceKnown && product.BaseUnitsPer(charge.Service, charge.RateUnit) is null)
        {
            errors.Add(new CatalogError(
                cp + "/rateUnit",
                $"rateUnit '{charge.RateUnit}' is not a unit of {charge.Service}; use one of {List(product.UnitsOf(charge.Service))}."));
        }

        Reference(charge.TimeBand, bands, cp + "/timeBand", "time band", errors);
        Reference(charge.Zone, zones, cp + "/zone", "zone", errors);
        TaxCategory(charge.TaxCategory, cp, taxCategories, errors);
        NotNegative(charge.ConnectFee, cp + "/connectFee", "connectFee", errors);
        if (charge.MaxCostPerRecord is { } maxCost)
        {
            NotNegative(maxCost, cp + "/maxCostPerRecord", "maxCostPerRecord", errors);
        }

        if (charge.Increment is { } increment)
        {
            if (increment.First <= 0)
            {
                errors.Add(new CatalogError(cp + "/increment/first", $"first {Fmt(increment.First)} must be a positive number of base units, e.g. 60 for a minute's minimum."));
            }

            if (increment.Next <= 0)
            {
                errors.Add(new CatalogError(cp + "/increment/next", $"next {Fmt(increment.Next)} must be a positive number of base units, e.g. 1 for per-second steps."));
            }
        }

        if (charge.RoundPer == RoundingScope.Increment && charge.Model != ChargeModel.PerUnit)
        {
            errors.Add(new CatalogError(cp + "/roundPer", $"roundPer increment works with the perUnit model only; use roundPer record for the {EnumNames<ChargeModel>.Of(charge.Model)} model."));
        }

        if (charge.RoundPer == RoundingScope.Increment && charge.Increment is null)
        {
            errors.Add(new CatalogError(cp + "/roundPer", "roundPer increment needs an increment, e.g. {\"first\": 60, \"next\": 1}; or use roundPer record."));
        }

        var model = EnumNames<ChargeModel>.Of(charge.Model);
        var tiered = charge.Model is ChargeModel.Graduated or ChargeModel.Volume or ChargeModel.FlatPerTier;
        if (tiered)
        {
            CheckTiers(charge, cp, errors);
        }
        else if (charge.Tiers.Count > 0)
        {
            errors.Add(new CatalogError(cp + "/tiers", $"tiers are not used by the {model} model; remove them or choose graduated, volume or flatPerTier."));
        }

        switch (charge.Model)
        {
            case ChargeModel.PerUnit:
                RequiredPrice(charge.Price, cp, "the price per rate unit, e.g. 0.02", errors);
                break;
            case ChargeModel.Block:
                RequiredPrice(charge.Price, cp, "the price per block, e.g. 2.50", errors);
                if (charge.BlockSize is not { } size || size <= 0)
                {
                    errors.Add(new CatalogError(cp + "/blockSize", "blockSize must be a positive number of rate units for the block model, e.g. 10."));
                }

                break;
            case ChargeModel.Percentage:
                CheckPercentage(product, charge, cp, errors);
                break;
            default:
                if (charge.Price is not null)
                {
                    errors.Add(new CatalogError(cp + "/price", $"price is not used by the {model} model; put prices on the tiers."));
                }

                break;
        }

        if (charge.Model != ChargeModel.Block && charge.BlockSize is not null)
        {
            errors.Add(new CatalogError(cp + "/blockSize", $"blockSize is only used by the block model; remove it from this {model} charge."));
        }

        if (charge.Model != ChargeModel.Percentage && (charge.Percent is not null || charge.PercentOf is not null))
        {
            errors.Add(new CatalogError(cp + (charge.Percent is not null ? "/percent" : "/percentOf"), $"percent and percentOf are only used by the percentage model; remove them from this {model} charge."));
        }

        if (charge.Model == ChargeModel.Volume && (charge.ConnectFee != 0 || charge.MaxCostPerRecord is not null))
        {
            errors.Add(new CatalogError(
                cp + (charge.ConnectFee != 0 ? "/connectFee" : "/maxCostPerRecord"),
                "a volume charge is trued up over the whole cycle, so it takes no connectFee or maxCostPerRecord; put those on a perUnit or graduated charge."));
        }

        if (charge.Model != ChargeModel.Percentage && serviceKnown)
        {
            for (var j = 0; j < index; j++)
            {
                var other = product.UsageCharges[j];
                if (other.Model != ChargeModel.Percentage && other.Service == charge.Service && other.TimeBand == charge.TimeBand && other.Zone == charge.Zone)
                {
                    errors.Add(new CatalogError(
                        cp,
                        $"rates the same service ({charge.Service}), time band ({charge.TimeBand ?? "any"}) and zone ({charge.Zone ?? "any"}) as usage charge {other.Id}, so it would never be used; give it another timeBand or zone, or remove it."));
                    break;
                }
            }
        }
    }

    private static void CheckTiers(UsageCharge charge, string cp, List<CatalogError> errors)
    {
        var tiers = charge.Tiers;
        if (tiers.Count == 0)
        {
            errors.Add(new CatalogError(cp + "/tiers", $"the {EnumNames<ChargeModel>.Of(charge.Model)} model needs tiers, e.g. [{{\"from\": 0, \"to\": 100, \"price\": 0.10}}, {{\"from\": 100, \"price\": 0.08}}]."));
            return;
        }

        for (var t = 0; t < tiers.Count; t++)
        {
            var tier = tiers[t];
            var tp = cp + "/tiers/" + Index(t);
            if (t == 0 && tier.From != 0)
            {
                errors.Add(new CatalogError(tp + "/from", $"the first tier must start at 0, not {Fmt(tier.From)}; set from to 0."));
            }

            if (t > 0)
            {
                var previous = tiers[t - 1];
                if (previous.To is not { } previousTo)
                {
                    errors.Add(new CatalogError(
                        cp + "/tiers/" + Index(t - 1) + "/to",
                        $"tier {t - 1} has no upper bound but tier {t} follows it; set its to to {Fmt(tier.From)}. Only the last tier is open."));
                }
                else if (tier.From < previousTo)
                {
                    errors.Add(new CatalogError(tp + "/from", $"from {Fmt(tier.From)} overlaps tier {t - 1}, which ends at {Fmt(previousTo)}; set from to {Fmt(previousTo)}."));
                }
                else if (tier.From > previousTo)
                {
                    errors.Add(new CatalogError(tp + "/from", $"from {Fmt(tier.From)} leaves a gap after tier {t - 1}, which ends at {Fmt(previousTo)}; set from to {Fmt(previousTo)}."));
                }
            }

            if (tier.To is { } to && to <= tier.From)
            {
                errors.Add(new CatalogError(tp + "/to", $"to {Fmt(to)} must be greater than from {Fmt(tier.From)}."));
            }

            if (t == tiers.Count - 1 && tier.To is { } lastTo)
            {
                errors.Add(new CatalogError(tp + "/to", $"the last tier must be open; remove to so quantities above {Fmt(lastTo)} have a price."));
            }

            if (charge.Model == ChargeModel.FlatPerTier)
            {
                if (tier.FlatFee is not { } fee)
                {
                    errors.Add(new CatalogError(tp + "/flatFee", "flatFee is required on every tier of the flatPerTier model, e.g. 5.00."));
                }
                else
                {
                    NotNegative(fee, tp + "/flatFee", "flatFee", errors);
                }

                if (tier.Price is not null)
                {
                    errors.Add(new CatalogError(tp + "/price", "the flatPerTier model charges flat fees only; remove price or choose the graduated model."));
                }
            }
            else
            {
                if (tier.Price is not { } price)
                {
                    errors.Add(new CatalogError(tp + "/price", "price per rate unit is required on every tier, e.g. 0.10."));
                }
                else
                {
                    NotNegative(price, tp + "/price", "price", errors);
                }

                if (tier.FlatFee is not null)
                {
                    errors.Add(new CatalogError(tp + "/flatFee", $"flatFee is only used by the flatPerTier model; remove it from this {EnumNames<ChargeModel>.Of(charge.Model)} tier."));
                }
            }
        }
    }

    private static void CheckPercentage(ProductOffering product, UsageCharge charge, string cp, List<CatalogError> errors)
    {
        if (charge.Percent is not { } percent)
        {
            errors.Add(new CatalogError(cp + "/percent", "percent is required for the percentage model, e.g. 15 for 15 %."));
        }
        else
        {
            NotNegative(percent, cp + "/percent", "percent", errors);
        }

        if (charge.PercentOf is null)
        {
            errors.Add(new CatalogError(cp + "/percentOf", "percentOf is required for the percentage model: the id of the usage charge it is a percentage of."));
        }
        else if (product.FindUsageCharge(charge.PercentOf) is not { } target)
        {
            errors.Add(new CatalogError(
                cp + "/percentOf",
                $"'{charge.PercentOf}' is not a usage charge of this product; use one of {List(product.UsageCharges.Where(c => c.Model != ChargeModel.Percentage).Select(c => c.Id))}."));
        }
        else if (target.Model == ChargeModel.Percentage)
        {
            errors.Add(new CatalogError(cp + "/percentOf", $"{target.Id} is itself a percentage charge; point percentOf at the charge that prices the usage."));
        }
        else if (target.Model == ChargeModel.Volume)
        {
            errors.Add(new CatalogError(cp + "/percentOf", $"{target.Id} is a volume charge, trued up at cycle end; a percentage of it would go stale. Point percentOf at a perUnit, graduated or block charge."));
        }
        else if (target.Service != charge.Service)
        {
            errors.Add(new CatalogError(cp + "/service", $"service {charge.Service} differs from {target.Id}'s service {target.Service}; a percentage charge has the service of the charge it follows."));
        }

        if (charge.Price is not null)
        {
            errors.Add(new CatalogError(cp + "/price", "price is not used by the percentage model; remove it."));
        }

        if (charge.Increment is not null || charge.ConnectFee != 0 || charge.MaxCostPerRecord is not null)
        {
            errors.Add(new CatalogError(cp, "a percentage charge follows its base charge's quantity and amount; remove increment, connectFee and maxCostPerRecord from it."));
        }
    }

    private static void CheckAllowances(ProductOffering product, string p, HashSet<string> bands, HashSet<string> zones, List<CatalogError> errors)
    {
        UniqueIds(product.Allowances.Select(a => a.Id).ToList(), p + "/allowances", "allowance", errors);
        for (var i = 0; i < product.Allowances.Count; i++)
        {
            var allowance = product.Allowances[i];
            var ap = p + "/allowances/" + Index(i);
            Required(allowance.Name, ap + "/name", "name", "the name printed on invoices", errors);
            NotNegative(allowance.Quantity, ap + "/quantity", "quantity", errors);
            if (allowance.Priority < 0)
            {
                errors.Add(new CatalogError(ap + "/priority", $"priority {allowance.Priority} must be 0 or more; lower priorities are consumed first."));
            }

            if (ServiceKnown(product, allowance.Service, ap + "/service", errors) && product.BaseUnitsPer(allowance.Service, allowance.Unit) is null)
            {
                errors.Add(new CatalogError(ap + "/unit", $"unit '{allowance.Unit}' is not a unit of {allowance.Service}; use one of {List(product.UnitsOf(allowance.Service))}."));
            }

            Reference(allowance.TimeBand, bands, ap + "/timeBand", "time band", errors);
            Reference(allowance.Zone, zones, ap + "/zone", "zone", errors);
            for (var j = 0; j < allowance.Charges.Count; j++)
            {
                var target = product.FindUsageCharge(allowance.Charges[j]);
                if (target is null || target.Model == ChargeModel.Percentage || target.Service != allowance.Service)
                {
                    errors.Add(new CatalogError(
                        ap + "/charges/" + Index(j),
                        $"'{allowance.Charges[j]}' is not a {allowance.Service} usage charge of this product; use one of {List(product.UsageCharges.Where(c => c.Service == allowance.Service && c.Model != ChargeModel.Percentage).Select(c => c.Id))}."));
                }
            }

            CheckNotifyAtPercent(allowance.NotifyAtPercent ?? [], ap + "/notifyAtPercent", errors);
        }
    }

    private static void CheckNotifyAtPercent(IReadOnlyList<decimal> percents, string pointer, List<CatalogError> errors)
    {
        for (var j = 0; j < percents.Count; j++)
        {
            var percent = percents[j];
            if (percent is <= 0 or > 100)
            {
                errors.Add(new CatalogError(
                    pointer + "/" + Index(j),
                    $"notifyAtPercent {Fmt(percent)} is not a percentage of the allowance; use a number above 0 and at most 100, e.g. 80 (100 = used up)."));
                continue;
            }

            var first = -1;
            for (var k = 0; k < j; k++)
            {
                if (percents[k] == percent)
                {
                    first = k;
                    break;
                }
            }

            if (first >= 0)
            {
                errors.Add(new CatalogError(pointer + "/" + Index(j), $"{Fmt(percent)} is already listed at {pointer}/{Index(first)}; list each percentage once."));
            }
        }
    }

    private static bool ServiceKnown(ProductOffering product, string service, string pointer, List<CatalogError> errors)
    {
        if (product.KnowsService(service))
        {
            return true;
        }

        var custom = product.CustomServices.Select(s => s.Id);
        errors.Add(new CatalogError(
            pointer,
            $"service '{service}' is not one of {List(ServiceCodes.BuiltIn.Concat(custom))}; fix the spelling or declare it under customServices."));
        return false;
    }

    private static HashSet<string> UniqueIds(List<string> ids, string listPointer, string what, List<CatalogError> errors)
    {
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            var pointer = listPointer + "/" + Index(i) + "/id";
            if (!IdSyntax().IsMatch(ids[i]))
            {
                errors.Add(new CatalogError(pointer, $"id '{ids[i]}' must be 1 to 64 letters, digits, '.', '_' or '-'."));
            }
            else if (!seen.TryAdd(ids[i], i))
            {
                errors.Add(new CatalogError(pointer, $"{what} id {ids[i]} is already used at {listPointer}/{Index(seen[ids[i]])}; give each {what} its own id."));
            }
        }

        return [.. seen.Keys];
    }

    private static void ChargeRefs(IReadOnlyList<string> refs, string pointer, HashSet<string> charges, string what, bool requireOne, List<CatalogError> errors)
    {
        if (requireOne && refs.Count == 0)
        {
            errors.Add(new CatalogError(pointer, $"a {what} must name at least one charge id: {List(charges)}."));
        }

        for (var j = 0; j < refs.Count; j++)
        {
            if (!charges.Contains(refs[j]))
            {
                errors.Add(new CatalogError(pointer + "/" + Index(j), $"'{refs[j]}' is not a charge id of this product; use one of {List(charges)}."));
            }
        }
    }

    private static void Reference(string? id, HashSet<string> known, string pointer, string what, List<CatalogError> errors)
    {
        if (id is not null && !known.Contains(id))
        {
            errors.Add(new CatalogError(
                pointer,
                known.Count == 0
                    ? $"{what} '{id}' is not defined; the product has no {what}s, so define it or remove the reference."
                    : $"{what} '{id}' is not defined; use one of {List(known)}."));
        }
    }

    private static void TaxCategory(string? category, string cp, HashSet<string>? known, List<CatalogError> errors)
    {
        if (category is not null && known is not null && !known.Contains(category))
        {
            errors.Add(new CatalogError(
                cp + "/taxCategory",
                known.Count == 0
                    ? $"tax category '{category}' has no tax rate; add one under taxRates or remove taxCategory."
                    : $"tax category '{category}' has no tax rate; use one of {List(known)} or add it under taxRates."));
        }
    }

    private static void RequiredPrice(decimal? price, string cp, string hint, List<CatalogError> errors)
    {
        if (price is not { } value)
        {
            errors.Add(new CatalogError(cp + "/price", $"price is required: {hint}."));
        }
        else
        {
            NotNegative(value, cp + "/price", "price", errors);
        }
    }

    /// <summary>A reduced suspension needs its price, at most the full price; no other policy takes one.</summary>
    private static void CheckSuspension(RecurringCharge charge, string cp, List<CatalogError> errors)
    {
        switch (charge.Suspension, charge.SuspendedPrice)
        {
            case (SuspensionPolicy.Reduced, null):
                errors.Add(new CatalogError(cp + "/suspendedPrice", "suspendedPrice is required when suspension is reduced: the price per period while suspended, e.g. 0.50."));
                break;
            case (SuspensionPolicy.Reduced, { } reduced) when reduced < 0:
                NotNegative(reduced, cp + "/suspendedPrice", "suspendedPrice", errors);
                break;
            case (SuspensionPolicy.Reduced, { } reduced) when reduced > charge.Price:
                errors.Add(new CatalogError(
                    cp + "/suspendedPrice",
                    $"suspendedPrice {Fmt(reduced)} is more than the price {Fmt(charge.Price)}; a reduced price is at most the price (use suspension charge for the full price)."));
                break;
            case (not SuspensionPolicy.Reduced, { } reduced):
                errors.Add(new CatalogError(
                    cp + "/suspendedPrice",
                    $"suspendedPrice {Fmt(reduced)} applies only with suspension reduced; set suspension to reduced or remove suspendedPrice."));
                break;
        }
    }

    private static void NotNegative(decimal value, string pointer, string name, List<CatalogError> errors)
    {
        if (value < 0)
        {
            errors.Add(new CatalogError(pointer, $"{name} {Fmt(value)} is negative; prices and quantities are 0 or more (give credits with a discount)."));
        }
    }

    private static void Required(string value, string pointer, string name, string hint, List<CatalogError> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new CatalogError(pointer, $"{name} must not be empty: {hint}."));
        }
    }

    private static bool WindowsOverlap(TimeWindow a, TimeWindow b, out BandDay day)
    {
        day = default;
        var aEnd = a.To == LocalTime.Midnight ? 24 * 60 : (a.To.Hour * 60) + a.To.Minute;
        var bEnd = b.To == LocalTime.Midnight ? 24 * 60 : (b.To.Hour * 60) + b.To.Minute;
        var aStart = (a.From.Hour * 60) + a.From.Minute;
        var bStart = (b.From.Hour * 60) + b.From.Minute;
        if (aStart >= bEnd || bStart >= aEnd)
        {
            return false;
        }

        foreach (var d in a.Days)
        {
            if (b.Days.Contains(d))
            {
                day = d;
                return true;
            }
        }

        return false;
    }

    private static bool Overlap(DateTimeOffset? aFrom, DateTimeOffset? aTo, DateTimeOffset? bFrom, DateTimeOffset? bTo) =>
        (aTo is null || bFrom is null || bFrom < aTo) && (bTo is null || aFrom is null || aFrom < bTo);

    private static string Index(int i) => i.ToString(CultureInfo.InvariantCulture);

    private static string Escape(string property) =>
        property.Replace("~", "~0", StringComparison.Ordinal).Replace("/", "~1", StringComparison.Ordinal);

    private static string List(IEnumerable<string> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? "(none)" : string.Join(", ", list);
    }

    private static string Fmt(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);

    private static string Fmt(DateTimeOffset value) => CatalogJsonWriter.FormatInstant(value);

    private static string Fmt(LocalTime value) => TimePattern.Format(value);

    private static string FmtEnd(LocalTime value) => value == LocalTime.Midnight ? "24:00" : TimePattern.Format(value);

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$", RegexOptions.CultureInvariant)]
    private static partial Regex IdSyntax();

    [GeneratedRegex("^[A-Z][A-Z0-9_]{0,31}$", RegexOptions.CultureInvariant)]
    private static partial Regex ServiceSyntax();

    [GeneratedRegex("^[0-9]{1,15}$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixSyntax();

    [GeneratedRegex("^[0-9]{3}(-[0-9]{2,3})?$", RegexOptions.CultureInvariant)]
    private static partial Regex NetworkSyntax();
}
