namespace NMcs.Abstractions.Contracts;

/// <summary>An issued (immutable) invoice, or a preview when <see cref="Number"/> is null.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.InvoiceInfo")]
public sealed record InvoiceInfo(
    [property: Id(0)] string Id,
    [property: Id(1)] string? Number,
    [property: Id(2)] string AccountId,
    [property: Id(3)] string Period,
    [property: Id(4)] string Currency,
    [property: Id(5)] IReadOnlyList<InvoiceLineInfo> Lines,
    [property: Id(6)] decimal Subtotal,
    [property: Id(7)] decimal Total,
    [property: Id(8)] DateTimeOffset IssuedAt,
    [property: Id(9)] IReadOnlyList<InvoiceTaxInfo>? Taxes = null,
    [property: Id(10)] decimal TaxTotal = 0m);
