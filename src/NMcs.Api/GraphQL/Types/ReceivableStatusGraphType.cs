using GraphQL.Types;
using NMcs.Billing.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL enum <c>ReceivableStatus</c>: ISSUED, PARTIALLY_PAID, PAID, OVERDUE, VOIDED.</summary>
public sealed class ReceivableStatusGraphType : EnumerationGraphType<ReceivableStatus>
{
    /// <summary>Names the enum.</summary>
    public ReceivableStatusGraphType()
    {
        Name = "ReceivableStatus";
        Description = "Where an issued invoice stands: derived from its total, credit notes, debit adjustments, payments and the due date.";
    }
}
