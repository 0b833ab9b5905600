using GraphQL.Types;
using NMcs.Grains.Receivables;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>AccountBalance</c>.</summary>
public sealed class AccountBalanceType : ObjectGraphType<AccountBalance>
{
    /// <summary>Declares the fields.</summary>
    public AccountBalanceType()
    {
        Name = "AccountBalance";
        Description = "What a payer account owes: the sum of its invoices' open amounts (overpayments are refused, so nothing sits unapplied).";
        Field<NonNullGraphType<IdGraphType>>("accountId").Resolve(c => c.Source.AccountId);
        Field<NonNullGraphType<StringGraphType>>("currency").Resolve(c => c.Source.Currency);
        Field<NonNullGraphType<DecimalGraphType>>("balance").Resolve(c => c.Source.Balance);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ReceivableType>>>>("openInvoices")
            .Description("Invoices whose open amount is not zero, oldest first.")
            .Resolve(c => c.Source.OpenInvoices);
    }
}
