using GraphQL.Types;
using NMcs.Billing.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>InvoiceAdjustmentKind</c>: CREDIT_NOTE, DEBIT_ADJUSTMENT.</summary>
public sealed class InvoiceAdjustmentKindGraphType : EnumerationGraphType<InvoiceAdjustmentKind>
{
    /// <summary>Names the enum.</summary>
    public InvoiceAdjustmentKindGraphType()
    {
        Name = "InvoiceAdjustmentKind";
    }
}
