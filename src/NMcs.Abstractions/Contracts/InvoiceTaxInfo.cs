namespace NMcs.Abstractions.Contracts;

/// <summary>The tax of one rate on an invoice.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.InvoiceTaxInfo")]
public sealed record InvoiceTaxInfo(
    [property: Id(0)] string Category,
    [property: Id(1)] decimal Rate,
    [property: Id(2)] string Treatment,
    [property: Id(3)] decimal TaxableAmount,
    [property: Id(4)] decimal UnroundedTax,
    [property: Id(5)] decimal Tax);
