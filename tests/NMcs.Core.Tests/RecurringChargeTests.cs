using NMcs.Billing.Recurring;
using NMcs.Catalog.Model;
using NMcs.Time;
using NodaTime;

namespace NMcs.Core.Tests;

public class RecurringChargeTests
{
    private const string Basic = "IoT 10";
    private const string Premium = "IoT 50";
    private static readonly Currency Eur = Currency.Eur;
    private static readonly BillingCycle Monthly = BillingCycle.Monthly(1);

    [Theory]
    [InlineData(2026, 4, 11, 30, 3.63)] // 9.90 × 11 / 30 = 3.63
    [InlineData(2026, 2, 9, 28, 3.18)] // 9.90 × 9 / 28 = 3.1821… → 3.18
    [InlineData(2028, 2, 10, 29, 3.41)] // 9.90 × 10 / 29 = 3.4137… → 3.41
    [InlineData(2026, 1, 12, 31, 3.83)] // 9.90 × 12 / 31 = 3.8322… → 3.83
    public void Activation_on_the_20th_prorates_by_the_days_of_the_month(int year, int month, int days, int periodDays, double amount)
    {
        var start = D(year, month, 1);
        var timeline = new[] { Active(D(year, month, 20), null, Basic, Fee(9.90m)) };

        var segment = Assert.Single(RecurringChargeCalculator.Due(timeline, Monthly, start, start.PlusMonths(1), Eur));

        Assert.Equal((D(year, month, 20), start.PlusMonths(1)), (segment.From, segment.To));
        Assert.Equal((days, periodDays), (segment.Days, segment.PeriodDays));
        Assert.Equal(9.90m * days / periodDays, segment.UnroundedAmount);
        Assert.Equal((decimal)amount, segment.Amount);
        Assert.Equal(D(year, month, 20), segment.DueOn);
        Assert.Equal((start, start.PlusMonths(1)), (segment.PeriodStart, segment.PeriodEnd));
    }

    [Fact]
    public void The_first_invoice_bills_the_part_month_and_the_next_month_in_advance_but_only_the_part_in_arrears()
    {
        // Activated Apr 20; the invoice closing April: in advance Apr 20–30 (9.90 × 11 / 30 = 3.63) and May (9.90);
        // in arrears only Apr 20–30 (3.63): May is billed when May closes.
        var april = BillingPeriod.Monthly(2026, 4, "Europe/Berlin");

        var advance = RecurringChargeCalculator.ForInvoice([Active(D(2026, 4, 20), null, Basic, Fee(9.90m))], Monthly, april, april.Start, Eur);
        var arrears = RecurringChargeCalculator.ForInvoice([Active(D(2026, 4, 20), null, Basic, Fee(9.90m, timing: ChargeTiming.InArrears))], Monthly, april, april.Start, Eur);

        Assert.Equal(new[] { 3.63m, 9.90m }, advance.Select(s => s.Amount));
        Assert.Equal(new[] { D(2026, 4, 20), D(2026, 5, 1) }, advance.Select(s => s.DueOn));
        Assert.Equal("Base fee, IoT 10, 2026-04-20 to 2026-04-30, 11 of 30 days", advance[0].Description);
        Assert.Equal("Base fee, IoT 10, 2026-05-01 to 2026-05-31", advance[1].Description);
        var part = Assert.Single(arrears);
        Assert.Equal((3.63m, D(2026, 4, 30)), (part.Amount, part.DueOn));
    }

    [Fact]
    public void Termination_after_billing_in_advance_credits_the_unused_days()
    {
        // March (31 days) was billed in full in advance on February's invoice: 9.90.
        var billed = RecurringChargeCalculator.Due([Active(D(2026, 1, 1), null, Basic, Fee(9.90m))], Monthly, D(2026, 3, 1), D(2026, 4, 1), Eur);

        // Terminated on Mar 11 (last day of service Mar 10): due now Mar 1–10 = 9.90 × 10 / 31 = 3.1935… → 3.19.
        var timeline = new[] { Active(D(2026, 1, 1), D(2026, 3, 11), Basic, Fee(9.90m)) };
        var march = BillingPeriod.Monthly(2026, 3, "Europe/Berlin");
        var due = RecurringChargeCalculator.ForInvoice(timeline, Monthly, march, march.Start, Eur);
        var corrections = RecurringChargeDiffer.Corrections(due, billed, Eur);

        // Credit Mar 11–31: −9.90 × 21 / 31 = −6.7064… → −6.71; billed 9.90 − 6.71 = 3.19, what is due.
        Assert.Equal(3.19m, Assert.Single(due).Amount);
        var credit = Assert.Single(corrections);
        Assert.Equal((D(2026, 3, 11), D(2026, 4, 1), -21, 31), (credit.From, credit.To, credit.Days, credit.PeriodDays));
        Assert.Equal(-9.90m * 21 / 31, credit.UnroundedAmount);
        Assert.Equal(-6.71m, credit.Amount);
        Assert.Equal("Credit: Base fee, IoT 10, 2026-03-11 to 2026-03-31, 21 of 31 days", credit.Description);
        Assert.Equal(3.19m, billed.Sum(s => s.Amount) + credit.Amount);

        // Repeating the run bills nothing more.
        Assert.Empty(RecurringChargeDiffer.Corrections(due, [.. billed, .. corrections], Eur));
    }

    [Fact]
    public void An_upgrade_mid_month_credits_the_old_plan_and_charges_the_new()
    {
        // January (31 days) billed in advance at 9.90 on December's invoice; upgraded to 19.90 from Jan 16.
        var billed = RecurringChargeCalculator.Due([Active(D(2025, 12, 1), null, Basic, Fee(9.90m))], Monthly, D(2026, 1, 1), D(2026, 2, 1), Eur);
        var timeline = new[]
        {
            Active(D(2025, 12, 1), D(2026, 1, 16), Basic, Fee(9.90m)),
            Active(D(2026, 1, 16), null, Premium, Fee(19.90m)),
        };
        var january = BillingPeriod.Monthly(2026, 1, "UTC");

        var corrections = RecurringChargeDiffer.Corrections(RecurringChargeCalculator.ForInvoice(timeline, Monthly, january, january.Start, Eur), billed, Eur);

        // Credit old Jan 16–31: −9.90 × 16 / 31 = −5.1096… → −5.11
        // Charge new Jan 16–31:  19.90 × 16 / 31 = 10.2709… → 10.27
        // Charge new February in advance (28 days): 19.90
        Assert.Equal(
            new[] { (Basic, -16, -5.11m), (Premium, 16, 10.27m), (Premium, 28, 19.90m) },
            corrections.Select(c => (c.Product, c.Days, c.Amount)));
        Assert.Equal(25.06m, corrections.Sum(c => c.Amount));
        Assert.Equal(D(2026, 1, 16), corrections[1].DueOn);
    }

    [Fact]
    public void A_downgrade_mid_february_credits_the_dearer_plan_and_charges_the_cheaper()
    {
        // February (28 days) billed in advance at 19.90; downgraded to 9.90 from Feb 15.
        var billed = RecurringChargeCalculator.Due([Active(D(2026, 1, 1), null, Premium, Fee(19.90m))], Monthly, D(2026, 2, 1), D(2026, 3, 1), Eur);
        var timeline = new[]
        {
            Active(D(2026, 1, 1), D(2026, 2, 15), Premium, Fee(19.90m)),
            Active(D(2026, 2, 15), null, Basic, Fee(9.90m)),
        };
        var february = BillingPeriod.Monthly(2026, 2, "UTC");

        var corrections = RecurringChargeDiffer.Corrections(RecurringChargeCalculator.ForInvoice(timeline, Monthly, february, february.Start, Eur), billed, Eur);

        // Credit dearer Feb 15–28: −19.90 × 14 / 28 = −9.95; charge cheaper Feb 15–28: 9.90 × 14 / 28 = 4.95; March: 9.90.
        Assert.Equal(
            new[] { (Premium, -14, -9.95m), (Basic, 14, 4.95m), (Basic, 31, 9.90m) },
            corrections.Select(c => (c.Product, c.Days, c.Amount)));
    }

    [Theory]
    [InlineData(SuspensionPolicy.Charge, new[] { 10.00 })] // 30 days at 10.00: 10.00
    [InlineData(SuspensionPolicy.Free, new[] { 3.33, 3.33 })] // 10 × 10 / 30 = 3.333… twice; the 10 suspended days are free
    [InlineData(SuspensionPolicy.Reduced, new[] { 3.33, 1.50, 3.33 })] // suspended 4.50 × 10 / 30 = 1.50
    public void Suspended_days_in_arrears_cost_what_the_policy_says(SuspensionPolicy policy, double[] amounts)
    {
        // June 2026 has 30 days; suspended Jun 11–20.
        var fee = Fee(10.00m, timing: ChargeTiming.InArrears, suspension: policy, suspendedPrice: policy == SuspensionPolicy.Reduced ? 4.50m : null);
        var timeline = new[]
        {
            Active(D(2026, 6, 1), D(2026, 6, 11), Basic, fee),
            Suspended(D(2026, 6, 11), D(2026, 6, 21), Basic, fee),
            Active(D(2026, 6, 21), null, Basic, fee),
        };

        var segments = RecurringChargeCalculator.Due(timeline, Monthly, D(2026, 6, 1), D(2026, 7, 1), Eur);

        Assert.Equal(amounts.Select(a => (decimal)a), segments.Select(s => s.Amount));
        if (policy == SuspensionPolicy.Reduced)
        {
            Assert.Equal((ServiceStatus.Suspended, 4.50m, D(2026, 6, 20)), (segments[1].Status, segments[1].Price, segments[1].DueOn));
            Assert.EndsWith("10 of 30 days, suspended", segments[1].Description, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(SuspensionPolicy.Charge, new double[0])] // same price: nothing to correct
    [InlineData(SuspensionPolicy.Free, new[] { -3.33 })] // −10.00 × 10 / 30
    [InlineData(SuspensionPolicy.Reduced, new[] { -3.33, 1.50 })] // credit active price, charge 4.50 × 10 / 30
    public void A_suspension_after_billing_in_advance_is_corrected_per_policy(SuspensionPolicy policy, double[] juneCorrections)
    {
        var fee = Fee(10.00m, suspension: policy, suspendedPrice: policy == SuspensionPolicy.Reduced ? 4.50m : null);
        var billed = RecurringChargeCalculator.Due([Active(D(2026, 5, 1), null, Basic, fee)], Monthly, D(2026, 6, 1), D(2026, 7, 1), Eur);
        var timeline = new[]
        {
            Active(D(2026, 5, 1), D(2026, 6, 11), Basic, fee),
            Suspended(D(2026, 6, 11), D(2026, 6, 21), Basic, fee),
            Active(D(2026, 6, 21), null, Basic, fee),
        };
        var june = BillingPeriod.Monthly(2026, 6, "UTC");

        var corrections = RecurringChargeDiffer.Corrections(RecurringChargeCalculator.ForInvoice(timeline, Monthly, june, june.Start, Eur), billed, Eur);

        // June's corrections, then July in advance at 10.00.
        Assert.Equal(juneCorrections.Select(a => (decimal)a).Append(10.00m), corrections.Select(c => c.Amount));
        Assert.All(corrections.SkipLast(1), c => Assert.Equal((D(2026, 6, 11), D(2026, 6, 21)), (c.From, c.To)));
    }

    [Fact]
    public void An_annual_charge_on_a_monthly_cycle_is_billed_in_the_cycle_its_period_starts_in_advance()
    {
        // 120.00 a year, activated Mar 10 2026: Mar 10 – Dec 31 = 22 + 30 + 31 + 30 + 31 + 31 + 30 + 31 + 30 + 31 = 297 days
        // of 365 → 120 × 297 / 365 = 97.6438… → 97.64, due Mar 10: on the invoice closing February (advance window to Mar 31).
        var timeline = new[] { Active(D(2026, 3, 10), null, Basic, Fee(120m, ChargePeriod.Annual, id: "sim-year", name: "SIM year")) };

        var february = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 2, "UTC"), D(2026, 2, 1), Eur);
        var march = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 3, "UTC"), D(2026, 2, 1), Eur);
        var november = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 11, "UTC"), D(2026, 11, 1), Eur);
        var december = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 12, "UTC"), D(2026, 12, 1), Eur);

        var year = Assert.Single(february);
        Assert.Equal((D(2026, 1, 1), D(2027, 1, 1), 297, 365, 97.64m), (year.PeriodStart, year.PeriodEnd, year.Days, year.PeriodDays, year.Amount));
        Assert.Empty(RecurringChargeDiffer.Corrections(march, february, Eur));
        Assert.Empty(november);

        // The invoice closing December bills 2027 in advance: 365 days, 120.00.
        var next = Assert.Single(december);
        Assert.Equal((D(2027, 1, 1), 120.00m, D(2027, 1, 1)), (next.From, next.Amount, next.DueOn));
    }

    [Fact]
    public void An_annual_charge_in_arrears_is_billed_in_the_cycle_its_period_ends()
    {
        // Same 297 / 365 days as in advance, 97.64, due on Dec 31: on the invoice closing December, not November.
        var timeline = new[] { Active(D(2026, 3, 10), null, Basic, Fee(120m, ChargePeriod.Annual, ChargeTiming.InArrears)) };

        var november = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 11, "UTC"), D(2026, 1, 1), Eur);
        var december = RecurringChargeCalculator.ForInvoice(timeline, Monthly, BillingPeriod.Monthly(2026, 12, "UTC"), D(2026, 1, 1), Eur);

        Assert.Empty(november);
        Assert.Equal((97.64m, D(2026, 12, 31)), (Assert.Single(december).Amount, december[0].DueOn));
    }

    [Fact]
    public void A_monthly_charge_on_a_quarterly_cycle_is_three_monthly_segments()
    {
        // The invoice closing Q1 2026 bills Q2 in advance: April (30 days), May (31) and June (30), 9.90 each.
        var timeline = new[] { Active(D(2026, 1, 1), null, Basic, Fee(9.90m)) };
        var quarterly = BillingCycle.Quarterly();
        var q1 = quarterly.ContainingDate(D(2026, 2, 1), "UTC");

        var segments = RecurringChargeCalculator.ForInvoice(timeline, quarterly, q1, D(2026, 4, 1), Eur);

        Assert.Equal(
            new[] { (D(2026, 4, 1), 30, 9.90m), (D(2026, 5, 1), 31, 9.90m), (D(2026, 6, 1), 30, 9.90m) },
            segments.Select(s => (s.From, s.PeriodDays, s.Amount)));
    }

    [Fact]
    public void A_quarterly_charge_prorates_by_the_days_of_the_quarter()
    {
        // Q1 2026 = 31 + 28 + 31 = 90 days; active Feb 15 – Mar 31 = 14 + 31 = 45 days → 30.00 × 45 / 90 = 15.00, in arrears.
        var timeline = new[] { Active(D(2026, 2, 15), null, Basic, Fee(30m, ChargePeriod.Quarterly, ChargeTiming.InArrears)) };

        var segment = Assert.Single(RecurringChargeCalculator.Due(timeline, BillingCycle.Quarterly(), D(2026, 1, 1), D(2026, 4, 1), Eur));

        Assert.Equal((45, 90, 15.00m, D(2026, 3, 31)), (segment.Days, segment.PeriodDays, segment.Amount, segment.DueOn));
    }

    [Fact]
    public void On_bill_cycle_day_15_a_monthly_charge_runs_from_the_15th()
    {
        // Charge period Jan 15 – Feb 14 = 31 days; activated Jan 20: 26 days → 9.90 × 26 / 31 = 8.3032… → 8.30.
        var timeline = new[] { Active(D(2026, 1, 20), null, Basic, Fee(9.90m)) };

        var segment = RecurringChargeCalculator.Due(timeline, BillingCycle.Monthly(15), D(2026, 1, 15), D(2026, 2, 15), Eur)[0];

        Assert.Equal((D(2026, 1, 15), D(2026, 2, 15)), (segment.PeriodStart, segment.PeriodEnd));
        Assert.Equal((26, 31, 8.30m), (segment.Days, segment.PeriodDays, segment.Amount));
    }

    [Fact]
    public void A_weekly_charge_counts_days_not_hours_across_the_dst_change()
    {
        // Week Mon Mar 23 – Sun Mar 29 2026 (167 hours in Berlin); activated Wed Mar 25: 5 of 7 days → 7.00 × 5 / 7 = 5.00.
        var timeline = new[] { Active(D(2026, 3, 25), null, Basic, Fee(7m, ChargePeriod.Weekly)) };
        var cycle = BillingCycle.Weekly(IsoDayOfWeek.Monday);
        var week = cycle.ContainingDate(D(2026, 3, 25), "Europe/Berlin");

        var segments = RecurringChargeCalculator.ForInvoice(timeline, cycle, week, week.Start, Eur);

        Assert.Equal(new[] { (5, 7, 5.00m), (7, 7, 7.00m) }, segments.Select(s => (s.Days, s.PeriodDays, s.Amount)));
    }

    [Fact]
    public void Without_proration_any_day_costs_the_whole_period_and_termination_credits_nothing()
    {
        // Activated Jan 31: the whole of January, 9.90, due on Jan 31.
        var fee = Fee(9.90m, proration: ProrationPolicy.None);
        var january = Assert.Single(RecurringChargeCalculator.Due([Active(D(2026, 1, 31), null, Basic, fee)], Monthly, D(2026, 1, 1), D(2026, 2, 1), Eur));
        Assert.Equal((D(2026, 1, 1), D(2026, 2, 1), 31, 9.90m, D(2026, 1, 31)), (january.From, january.To, january.Days, january.Amount, january.DueOn));

        // March billed in advance, then terminated on Mar 11: March stays charged in full.
        var billed = RecurringChargeCalculator.Due([Active(D(2026, 1, 31), null, Basic, fee)], Monthly, D(2026, 3, 1), D(2026, 4, 1), Eur);
        var due = RecurringChargeCalculator.ForInvoice([Active(D(2026, 1, 31), D(2026, 3, 11), Basic, fee)], Monthly, BillingPeriod.Monthly(2026, 3, "UTC"), D(2026, 3, 1), Eur);
        Assert.Empty(RecurringChargeDiffer.Corrections(due, billed, Eur));
    }

    [Fact]
    public void Days_billed_twice_are_credited_once()
    {
        var billed = RecurringChargeCalculator.Due([Active(D(2026, 1, 1), null, Basic, Fee(9.90m))], Monthly, D(2026, 3, 1), D(2026, 4, 1), Eur);

        var credit = Assert.Single(RecurringChargeDiffer.Corrections(billed, [.. billed, .. billed], Eur));

        Assert.Equal((-31, -9.90m), (credit.Days, credit.Amount));
    }

    [Fact]
    public void Overlapping_intervals_and_an_empty_window_are_refused()
    {
        var overlapping = new[] { Active(D(2026, 1, 1), D(2026, 2, 1), Basic, Fee(1m)), Active(D(2026, 1, 15), null, Premium, Fee(2m)) };

        var timeline = Assert.Throws<DomainException>(() => RecurringChargeCalculator.Due(overlapping, Monthly, D(2026, 1, 1), D(2026, 2, 1), Eur));
        var window = Assert.Throws<DomainException>(() => RecurringChargeCalculator.Due([], Monthly, D(2026, 2, 1), D(2026, 2, 1), Eur));

        Assert.Equal(("INVALID_SERVICE_TIMELINE", "timeline"), (timeline.Code, timeline.Field));
        Assert.Equal("INVALID_WINDOW", window.Code);
    }

    private static LocalDate D(int year, int month, int day) => new(year, month, day);

    private static RecurringCharge Fee(
        decimal price,
        ChargePeriod period = ChargePeriod.Monthly,
        ChargeTiming timing = ChargeTiming.InAdvance,
        ProrationPolicy proration = ProrationPolicy.Daily,
        SuspensionPolicy suspension = SuspensionPolicy.Charge,
        decimal? suspendedPrice = null,
        string id = "base",
        string name = "Base fee") =>
        new()
        {
            Id = id,
            Name = name,
            Price = price,
            Period = period,
            Timing = timing,
            Proration = proration,
            Suspension = suspension,
            SuspendedPrice = suspendedPrice,
        };

    private static ServiceInterval Active(LocalDate from, LocalDate? to, string product, params RecurringCharge[] charges) =>
        new(from, to, ServiceStatus.Active, product, charges);

    private static ServiceInterval Suspended(LocalDate from, LocalDate? to, string product, params RecurringCharge[] charges) =>
        new(from, to, ServiceStatus.Suspended, product, charges);
}
