using GraphQL.Types;
using NMcs.Grains.Receivables;
using NMcs.Storage;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Payment</c>.</summary>
public sealed class PaymentType : ObjectGraphType<Payment>
{
    /// <summary>Declares the fields.</summary>
    public PaymentType()
    {
        Name = "Payment";
        Description = "A payment recorded against an issued invoice (TM Forum Payment).";
        Field<NonNullGraphType<IdGraphType>>("id").Description("PAY-000001, …").Resolve(c => c.Source.PaymentId);
        Field<NonNullGraphType<StringGraphType>>("invoiceNumber").Resolve(c => c.Source.InvoiceNumber);
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<DecimalGraphType>>("amount").Resolve(c => c.Source.Amount);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("receivedAt").Resolve(c => c.Source.ReceivedAt);
        Field<StringGraphType>("reference").Resolve(c => c.Source.Reference);
        Field<StringGraphType>("idempotencyKey").Resolve(c => c.Source.IdempotencyKey);
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("recordedAt").Resolve(c => c.Source.RecordedAt);
        Field<ReceivableType>("receivable")
            .Description("The invoice's standing now.")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().FindAsync(c.Source.InvoiceNumber, c.CancellationToken));
    }
}
