namespace NMcs.Storage;

/// <summary>A payment recorded against an issued invoice; append-only.</summary>
/// <param name="PaymentId">Payment number, e.g. <c>PAY-000001</c>.</param>
/// <param name="InvoiceNumber">Invoice the payment settles.</param>
/// <param name="AccountId">Payer account of the invoice.</param>
/// <param name="Amount">Amount received, in the invoice currency.</param>
/// <param name="Currency">ISO 4217 code (always the invoice's).</param>
/// <param name="ReceivedAt">When the money was received.</param>
/// <param name="Reference">Bank or remittance reference, if any.</param>
/// <param name="IdempotencyKey">Caller's key that makes a retried request return this payment.</param>
/// <param name="RecordedAt">Platform time the payment was recorded.</param>
public sealed record Payment(
    string PaymentId,
    string InvoiceNumber,
    string AccountId,
    decimal Amount,
    string Currency,
    DateTimeOffset ReceivedAt,
    string? Reference,
    string? IdempotencyKey,
    DateTimeOffset RecordedAt);
