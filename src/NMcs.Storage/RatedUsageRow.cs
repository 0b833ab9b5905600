namespace NMcs.Storage;

/// <summary>
/// One rated usage record as the ledger keeps it. <see cref="Counters"/> holds the record's counter deltas
/// (allowance used, cumulative tier quantity) so the counters of a cycle can be rebuilt from the ledger alone;
/// <see cref="Charges"/> the amount per catalog charge (<c>units billableUnits amount chargeId</c> per line), what bill runs total per
/// charge and what discounts, commitments and caps apply to.
/// </summary>
public sealed record RatedUsageRow(
    string RecordId,
    string Iccid,
    string AccountId,
    string Period,
    string Service,
    decimal Quantity,
    string Unit,
    DateTimeOffset OccurredAt,
    string ProductId,
    int ProductVersion,
    string RateUnit,
    decimal Units,
    decimal IncludedUnits,
    decimal BillableUnits,
    decimal PricePerUnit,
    decimal Amount,
    decimal RoundedAmount,
    string Currency,
    string Steps,
    DateTimeOffset RatedAt,
    string? InvoiceId,
    string Counters = "",
    double? DurationSeconds = null,
    string? Destination = null,
    string? VisitedNetwork = null,
    string Charges = "");
