namespace NMcs.Abstractions.Contracts;

/// <summary>One line of an issued invoice.</summary>
[GenerateSerializer, Immutable, Alias("nmcs.InvoiceLineInfo")]
public sealed record InvoiceLineInfo(
    [property: Id(0)] int LineNumber,
    [property: Id(1)] string Kind,
    [property: Id(2)] string Description,
    [property: Id(3)] string Iccid,
    [property: Id(4)] decimal Quantity,
    [property: Id(5)] decimal UnroundedAmount,
    [property: Id(6)] decimal Amount,
    [property: Id(7)] string AccountId = "");
