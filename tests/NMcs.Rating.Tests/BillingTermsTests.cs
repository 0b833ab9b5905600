using NMcs.Catalog.Model;
using NMcs.Rating.Engine;

namespace NMcs.Rating.Tests;

/// <summary>The small pure helpers billing will use on discounts, commitments, caps and tax rates.</summary>
public class BillingTermsTests
{
    private static readonly DateTimeOffset June = new(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public void A_percentage_discount_for_three_cycles()
    {
        // 50 % of a 1.50 SIM fee = 0.75, in cycles 1–3 only
        var discount = new Discount { Id = "d", Name = "Launch", Kind = DiscountKind.Percentage, Value = 50, Charges = ["sim-fee"], Cycles = 3 };

        Assert.Equal(0.75m, discount.AmountOff(1.50m));
        Assert.True(discount.AppliesTo(3, June));
        Assert.False(discount.AppliesTo(4, June));
    }

    [Fact]
    public void A_fixed_discount_in_a_date_range_never_exceeds_the_charges()
    {
        // 5.00 off a 3.00 total takes 3.00; cycles starting 1 June (inclusive) to 1 September (exclusive)
        var discount = new Discount { Id = "d", Name = "Summer", Kind = DiscountKind.Fixed, Value = 5, Charges = ["base"], From = June, Until = June.AddMonths(3) };

        Assert.Equal(3.00m, discount.AmountOff(3.00m));
        Assert.True(discount.AppliesTo(7, June));
        Assert.False(discount.AppliesTo(7, June.AddMonths(3)));
    }

    [Fact]
    public void Commitment_true_up_and_cap_excess()
    {
        // minimum 100.00 with 82.40 counted → true-up 17.60; cap 50.00 with 61.25 counted → credit 11.25
        var commitment = new Commitment { Id = "c", Name = "Minimum", Minimum = 100m };
        var cap = new Cap { Id = "k", Name = "Cap", Maximum = 50m, Charges = ["data-world"] };

        Assert.Equal(17.60m, commitment.TrueUp(82.40m));
        Assert.Equal(0m, commitment.TrueUp(120m));
        Assert.Equal(11.25m, cap.Excess(61.25m));
        Assert.Equal(0m, cap.Excess(49m));
    }

    [Fact]
    public void Exclusive_and_inclusive_tax()
    {
        // exclusive 19 % on 100.00 → 19.00 on top; inclusive 19 % in 119.00 → 119 − 119 / 1.19 = 19.00
        var exclusive = new TaxRate { Jurisdiction = "DE", Category = "telecom", Rate = 19 };
        var inclusive = exclusive with { Treatment = TaxTreatment.Inclusive, ValidTo = June };

        Assert.Equal(19.00m, exclusive.TaxOn(100m));
        Assert.Equal(19.00m, Math.Round(inclusive.TaxOn(119m), 2));
        Assert.True(inclusive.InForceAt(June.AddTicks(-1)));
        Assert.False(inclusive.InForceAt(June));
    }

    [Fact]
    public void Service_codes_map_the_built_in_service_types()
    {
        Assert.Equal("DATA", ServiceCodes.Of(NMcs.Catalog.ServiceType.Data));
        Assert.Equal("VOICE", ServiceCodes.Of(NMcs.Catalog.ServiceType.Voice));
        Assert.Equal(NMcs.Catalog.ServiceType.Sms, ServiceCodes.BuiltInType("SMS"));
        Assert.Null(ServiceCodes.BuiltInType("METER"));
    }

    [Fact]
    public void Counters_add_up_deltas()
    {
        var counters = RatingCounters.Empty("2026-03").Apply(
        [
            new CounterDelta(CounterKind.AllowanceUsed, "pool", CounterScope.Account, "2026-03", 10m),
            new CounterDelta(CounterKind.AllowanceUsed, "pool", CounterScope.Account, "2026-03", 5m),
            new CounterDelta(CounterKind.ChargeQuantity, "data", CounterScope.Subscription, "2026-03", 7m),
        ]);

        Assert.Equal(15m, counters.AllowanceUsed["pool"]);
        Assert.Equal(7m, counters.ChargeQuantity["data"]);
    }
}
