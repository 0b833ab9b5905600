using NMcs.Billing;
using NMcs.Time;

namespace NMcs.Core.Tests;

public class InvoiceComposerTests
{
    private const string SimA = "8944500102198304826";
    private const string SimB = "8944500102198304834";

    private static readonly BillingPeriod March = BillingPeriod.Monthly(2026, 3, "UTC");

    // EUR 4.99 per month, 9.50 once on activation.
    private static readonly TestProduct Product = new("IoT 1 GB", Currency.Eur, MonthlyFee: 4.99m, ActivationFee: 9.50m);

    // What the bill run hands the composer for a subscription: here a whole March of the monthly fee (the calculator's
    // segment, see RecurringChargeTests for proration) and the activation fee when the SIM was activated in March.
    private static BillableSubscription Sub(string iccid, TestProduct product, DateTimeOffset activatedAt) => new(
        iccid,
        product.Name,
        product.Currency,
        [Month(product, "monthly fee", product.MonthlyFee)],
        March.Contains(activatedAt) ? [new Fee("activation", product.ActivationFee)] : []);

    internal static NMcs.Billing.Recurring.RecurringChargeSegment Month(TestProduct product, string name, decimal price, string chargeId = "") => new(
        product.Name,
        chargeId,
        name,
        NMcs.Catalog.Model.ChargeTiming.InAdvance,
        NMcs.Billing.Recurring.ServiceStatus.Active,
        March.Start,
        March.End,
        March.Start,
        March.End,
        31,
        31,
        price,
        price,
        new Money(price, product.Currency).RoundToMinorUnit().Amount,
        March.Start,
        $"{product.Name} {name} 2026-03");

    private static InvoiceDraft Compose(IEnumerable<BillableSubscription> subscriptions, IEnumerable<UsageTotal>? usage = null) =>
        InvoiceComposer.Compose(Currency.Eur, March, subscriptions, usage ?? []);

    [Fact]
    public void Subscription_activated_in_the_period_pays_the_monthly_fee_and_the_activation_fee()
    {
        // RC 4.99 + OC 9.50 = 14.49 EUR
        var draft = Compose([Sub(SimA, Product, new DateTimeOffset(2026, 3, 10, 8, 0, 0, TimeSpan.Zero))]);

        Assert.Collection(
            draft.Lines,
            rc =>
            {
                Assert.Equal(1, rc.LineNumber);
                Assert.Equal(ChargeKind.RecurringCharge, rc.Kind);
                Assert.Equal(SimA, rc.Iccid);
                Assert.Equal(31m, rc.Quantity); // days charged
                Assert.Equal(4.99m, rc.Amount);
                Assert.Equal("IoT 1 GB monthly fee 2026-03", rc.Description);
            },
            oc =>
            {
                Assert.Equal(2, oc.LineNumber);
                Assert.Equal(ChargeKind.OneTimeCharge, oc.Kind);
                Assert.Equal(9.50m, oc.Amount);
                Assert.Equal("IoT 1 GB activation", oc.Description);
            });
        Assert.Equal(14.49m, draft.Subtotal);
        Assert.Equal(draft.Subtotal, draft.Total);
        Assert.Equal(Currency.Eur, draft.Currency);
    }

    [Fact]
    public void Subscription_activated_exactly_at_period_start_pays_activation_in_this_period()
    {
        var draft = Compose([Sub(SimA, Product, March.StartUtc)]);

        Assert.Equal([ChargeKind.RecurringCharge, ChargeKind.OneTimeCharge], draft.Lines.Select(l => l.Kind));
    }

    [Fact]
    public void Usage_lines_are_rounded_half_up_and_the_subtotal_is_the_sum_of_rounded_lines()
    {
        // SIM A data 1.005 -> 1.01; SIM A SMS 0.3333 -> 0.33; SIM B data 1.005 -> 1.01.
        // Subtotal = 1.01 + 0.33 + 1.01 = 2.35 (rounding the unrounded sum 2.3433 would give 2.34: lines are what is printed).
        var usage = new[]
        {
            new UsageTotal(SimB, "data", "DATA usage", "MB", 2, 50.25m, 1.005m),
            new UsageTotal(SimA, "sms", "SMS usage", "MSG", 4, 3.7033m, 0.3333m),
            new UsageTotal(SimA, "data", "DATA usage", "MB", 3, 50.25m, 1.005m),
        };

        var draft = Compose([], usage);

        Assert.Equal(3, draft.Lines.Count);
        Assert.All(draft.Lines, l => Assert.Equal(ChargeKind.UsageCharge, l.Kind));
        // ordered by ICCID, then service
        Assert.Equal([(SimA, 1.01m, 1.005m), (SimA, 0.33m, 0.3333m), (SimB, 1.01m, 1.005m)], draft.Lines.Select(l => (l.Iccid, l.Amount, l.UnroundedAmount)));
        Assert.Equal([1, 2, 3], draft.Lines.Select(l => l.LineNumber));
        Assert.Equal(50.25m, draft.Lines[0].Quantity);
        Assert.Equal("DATA usage, 3 records, 50.25 MB billable", draft.Lines[0].Description);
        Assert.Equal(2.35m, draft.Subtotal);
        Assert.Equal(draft.Subtotal, draft.Total);
    }

    [Fact]
    public void Full_invoice_numbers_lines_one_to_n_with_charges_before_usage()
    {
        // SIM A (activated in March): RC 4.99 + OC 9.50; SIM B (activated in February): RC 4.99;
        // usage SIM A data 0.4449 -> 0.44. Total = 4.99 + 9.50 + 4.99 + 0.44 = 19.92 EUR
        var subscriptions = new[]
        {
            Sub(SimB, Product, new DateTimeOffset(2026, 2, 3, 0, 0, 0, TimeSpan.Zero)),
            Sub(SimA, Product, new DateTimeOffset(2026, 3, 31, 23, 59, 59, TimeSpan.Zero)),
        };
        var usage = new[] { new UsageTotal(SimA, "data", "DATA usage", "MB", 1, 22.245m, 0.4449m) };

        var draft = Compose(subscriptions, usage);

        Assert.Equal([1, 2, 3, 4], draft.Lines.Select(l => l.LineNumber));
        Assert.Equal(
            [(SimA, ChargeKind.RecurringCharge), (SimA, ChargeKind.OneTimeCharge), (SimB, ChargeKind.RecurringCharge), (SimA, ChargeKind.UsageCharge)],
            draft.Lines.Select(l => (l.Iccid, l.Kind)));
        Assert.Equal(0.44m, draft.Lines[3].Amount);
        Assert.Equal(19.92m, draft.Subtotal);
        Assert.Equal(19.92m, draft.Total);
    }

    [Fact]
    public void Free_fees_produce_no_zero_lines()
    {
        var free = Product with { MonthlyFee = 0m, ActivationFee = 0m };

        var draft = Compose([Sub(SimA, free, new DateTimeOffset(2026, 3, 2, 0, 0, 0, TimeSpan.Zero))]);

        Assert.Empty(draft.Lines);
    }

    [Fact]
    public void Fees_are_rounded_at_the_invoice_currency_minor_unit()
    {
        // JPY 0 digits: monthly fee 980.5 -> half-up 981 JPY
        var yen = Currency.Parse("JPY");
        var product = Product with { Currency = yen, MonthlyFee = 980.5m, ActivationFee = 0m };

        var draft = InvoiceComposer.Compose(yen, March, [Sub(SimA, product, new DateTimeOffset(2025, 12, 1, 0, 0, 0, TimeSpan.Zero))], []);

        var line = Assert.Single(draft.Lines);
        Assert.Equal(980.5m, line.UnroundedAmount);
        Assert.Equal(981m, line.Amount);
        Assert.Equal(981m, draft.Total);
    }

    [Fact]
    public void Product_in_another_currency_is_refused()
    {
        var dollars = Product with { Currency = Currency.Usd };

        var error = Assert.Throws<DomainException>(
            () => Compose([Sub(SimA, dollars, new DateTimeOffset(2026, 3, 10, 0, 0, 0, TimeSpan.Zero))]));

        Assert.Equal("CURRENCY_MISMATCH", error.Code);
        Assert.Equal("currency", error.Field);
        Assert.Contains("IoT 1 GB", error.Message, StringComparison.Ordinal);
    }
}

public class InvoiceSectionTests
{
    private static readonly BillingPeriod March = BillingPeriod.Monthly(2026, 3, "UTC");
    private static readonly TestProduct Product = new("IoT 1 GB", Currency.Eur, MonthlyFee: 4.99m, ActivationFee: 0m);

    [Fact]
    public void Payer_section_comes_first_then_children_by_id_and_late_usage_names_its_period()
    {
        // Payer PAYER has SIM 1; children A-CHILD (SIM 2) and Z-CHILD (SIM 3, plus 0.505 of February usage that came late).
        // PAYER: 4.99. A-CHILD: 4.99. Z-CHILD: 4.99 + late 0.505 -> 0.51 (half-up). Total 4.99 x 3 + 0.51 = 15.48.
        BillableSubscription Sub(string iccid, string account) =>
            new(iccid, Product.Name, Currency.Eur, [InvoiceComposerTests.Month(Product, "monthly fee", 4.99m)], [], AccountId: account);
        var usage = new[] { new UsageTotal("3", "data", "Data", "MB", 2, 50.5m, 0.505m, null, "Z-CHILD", "2026-02") };

        var draft = InvoiceComposer.Compose(Currency.Eur, March, [Sub("3", "Z-CHILD"), Sub("2", "A-CHILD"), Sub("1", "PAYER")], usage, payerAccountId: "PAYER");

        Assert.Equal(
            [("PAYER", "1", ChargeKind.RecurringCharge), ("A-CHILD", "2", ChargeKind.RecurringCharge), ("Z-CHILD", "3", ChargeKind.RecurringCharge), ("Z-CHILD", "3", ChargeKind.LateUsage)],
            draft.Lines.Select(l => (l.AccountId, l.Iccid, l.Kind)));
        Assert.Equal("Data, 2 records, 50.5 MB billable, late usage of period 2026-02", draft.Lines[3].Description);
        Assert.Equal(0.51m, draft.Lines[3].Amount);
        Assert.Equal([1, 2, 3, 4], draft.Lines.Select(l => l.LineNumber));
        Assert.Equal(15.48m, draft.Total);
    }
}

/// <summary>The fee side of a product, as these tests vary it.</summary>
internal sealed record TestProduct(string Name, Currency Currency, decimal MonthlyFee, decimal ActivationFee);

public class InvoiceAdjustmentTests
{
    private const string Sim = "8944500102198304826";
    private static readonly BillingPeriod April = BillingPeriod.Monthly(2026, 4, "UTC");

    private static readonly TestProduct Fleet = new("Fleet", Currency.Eur, 4.00m, 0m);

    private static BillableSubscription Subscription(int cycle, NMcs.Catalog.Model.Discount? discount = null, NMcs.Catalog.Model.Commitment? commitment = null) => new(
        Sim,
        "Fleet",
        Currency.Eur,
        [InvoiceComposerTests.Month(Fleet, "SIM fee", 4.00m, "sim-fee")],
        [],
        cycle,
        discount is null ? [] : [discount],
        commitment is null ? [] : [commitment]);

    [Fact]
    public void A_fixed_discount_never_takes_more_than_its_charges()
    {
        // Fixed 6.00 off the SIM fee of 4.00: only 4.00 can be taken; total 4.00 - 4.00 = 0.00.
        var discount = new NMcs.Catalog.Model.Discount { Id = "d", Name = "fixed 6", Kind = NMcs.Catalog.Model.DiscountKind.Fixed, Value = 6.00m, Charges = ["sim-fee"] };

        var draft = InvoiceComposer.Compose(Currency.Eur, April, [Subscription(4, discount: discount)], []);

        Assert.Equal([4.00m, -4.00m], draft.Lines.Select(l => l.Amount));
        Assert.Equal(ChargeKind.Discount, draft.Lines[1].Kind);
        Assert.Equal(0.00m, draft.Total);
    }

    [Fact]
    public void A_discount_for_three_cycles_is_gone_in_the_fourth()
    {
        // Cycle 3: 25 % of 4.00 = 1.00 off -> 3.00; cycle 4: no discount -> 4.00.
        var discount = new NMcs.Catalog.Model.Discount { Id = "d", Name = "25 % x 3", Kind = NMcs.Catalog.Model.DiscountKind.Percentage, Value = 25m, Charges = ["sim-fee"], Cycles = 3 };

        Assert.Equal(3.00m, InvoiceComposer.Compose(Currency.Eur, April, [Subscription(3, discount: discount)], []).Total);
        Assert.Equal(4.00m, InvoiceComposer.Compose(Currency.Eur, April, [Subscription(4, discount: discount)], []).Total);
    }
}
