using NMcs.Catalog.Model;
using NodaTime;

namespace NMcs.Billing.Recurring;

/// <summary>
/// A stretch of a subscription's service with one status and one set of recurring-charge terms, local days
/// [<see cref="From"/>, <see cref="To"/>) in the payer's time zone. A subscription's timeline is a list of them in
/// order without overlaps; gaps are days out of service (before activation, after termination). A plan change or a
/// suspension starts a new interval.
/// </summary>
/// <param name="From">First day.</param>
/// <param name="To">First day after the interval; null while it lasts (no termination or change known).</param>
/// <param name="Status">Active or suspended.</param>
/// <param name="Product">Product label printed on lines and part of a segment's identity, e.g. "IoT 10 v2".</param>
/// <param name="Charges">The product version's recurring charges in force on these days.</param>
public sealed record ServiceInterval(LocalDate From, LocalDate? To, ServiceStatus Status, string Product, IReadOnlyList<RecurringCharge> Charges);
