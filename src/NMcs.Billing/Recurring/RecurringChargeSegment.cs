using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Billing.Recurring;

/// <summary>
/// What one recurring charge costs for a run of days inside one of its charge periods: a line of an invoice, or a
/// correction of earlier lines (<see cref="Days"/> and the amounts negative for a credit). Segments of earlier
/// invoices are stored in this shape so that <see cref="RecurringChargeDiffer"/> can compare them with what is due now.
/// </summary>
/// <param name="Product">Product label of the terms (see <see cref="ServiceInterval.Product"/>).</param>
/// <param name="ChargeId">Catalog recurring charge id.</param>
/// <param name="Name">Charge name printed on the line.</param>
/// <param name="Timing">In advance or in arrears.</param>
/// <param name="Status">What the days are priced as: suspended only when the suspension policy prices them (reduced); suspended days the policy charges in full read as active.</param>
/// <param name="PeriodStart">First day of the charge period the days belong to.</param>
/// <param name="PeriodEnd">First day after that charge period.</param>
/// <param name="From">First day charged (or credited).</param>
/// <param name="To">First day after the days charged.</param>
/// <param name="Days">Days charged: <c>To - From</c>, negative for a credit.</param>
/// <param name="PeriodDays">Days of the charge period the amount is prorated against (28 to 31 for a month, 90 to 92 for a quarter, 365 or 366 for a year, 7 for a week).</param>
/// <param name="Price">Price per whole charge period applied: the charge's price, or its suspended price for suspended days under the reduced policy.</param>
/// <param name="UnroundedAmount"><c>Price × Days ÷ PeriodDays</c>, exact.</param>
/// <param name="Amount">The unrounded amount rounded half-up at the currency's minor unit.</param>
/// <param name="DueOn">
/// The day the segment falls due: in advance its first day of service, in arrears its last. A bill window that
/// contains this day bills the segment.
/// </param>
/// <param name="Description">Text for the invoice line.</param>
/// <param name="TaxCategory">Tax category of the charge; null: not taxed.</param>
public sealed record RecurringChargeSegment(
    string Product,
    string ChargeId,
    string Name,
    ChargeTiming Timing,
    ServiceStatus Status,
    LocalDate PeriodStart,
    LocalDate PeriodEnd,
    LocalDate From,
    LocalDate To,
    int Days,
    int PeriodDays,
    decimal Price,
    decimal UnroundedAmount,
    decimal Amount,
    LocalDate DueOn,
    string Description,
    string? TaxCategory = null);
