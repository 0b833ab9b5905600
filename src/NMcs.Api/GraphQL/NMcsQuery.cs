using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Billing.Receivables;
using NMcs.Grains.Receivables;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Api.GraphQL;

/// <summary>The query root.</summary>
public sealed class NMcsQuery : ObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public NMcsQuery()
    {
        Name = "Query";
        BillRunFields.RegisterQueries(this);
        IngestionFields.RegisterQueries(this);
        FileImportFields.RegisterQueries(this);
        ThresholdFields.RegisterQueries(this);
        OrderFields.RegisterQueries(this);
        ResourceFields.RegisterQueries(this);
        Field<CustomerType>("customer")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Grains().GetGrain<ICustomerGrain>(c.GetArgument<string>("id")).GetInfo());
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<CustomerType>>>>("customers")
            .Description("Customers ordered by id; page with first/after.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<IdGraphType>("after")
            .ResolveAsync(async c =>
            {
                var ids = await c.Service<CustomerDirectory>().ListAsync(Paging.First(c), c.GetArgument<string?>("after"), c.CancellationToken);
                var customers = await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<ICustomerGrain>(id).GetInfo()));
                return customers.Where(x => x is not null).ToList();
            });
        Field<AccountType>("account")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Grains().GetGrain<IAccountGrain>(c.GetArgument<string>("id")).GetInfo());
        Field<SimType>("sim")
            .Description("A SIM by ICCID, IMSI or MSISDN.")
            .Argument<NonNullGraphType<StringGraphType>>("id")
            .ResolveAsync(async c =>
            {
                var iccid = await c.Service<SimDirectory>().ResolveAsync(c.GetArgument<string>("id"), cancellationToken: c.CancellationToken);
                return iccid is null ? null : await c.Grains().GetGrain<ISimGrain>(iccid).GetInfo();
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SimType>>>>("sims")
            .Description("SIMs ordered by ICCID; page with first/after.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<StringGraphType>("after")
            .ResolveAsync(async c =>
            {
                var ids = await c.Service<SimDirectory>().ListAsync(Paging.First(c), c.GetArgument<string?>("after"), c.CancellationToken);
                var sims = await Task.WhenAll(ids.Select(id => c.Grains().GetGrain<ISimGrain>(id).GetInfo()));
                return sims.Where(x => x is not null).ToList();
            });
        Field<ProductType>("product")
            .Description("A product version; the latest when version is omitted.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<IntGraphType>("version")
            .ResolveAsync(async c => await c.Service<ProductCatalog>().FindAsync(c.GetArgument<string>("id"), c.GetArgument<int?>("version"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("products")
            .Description("The latest version of every product.")
            .ResolveAsync(async c => await c.Service<ProductCatalog>().ListLatestAsync(c.CancellationToken));
        Field<UsageRecordType>("usageRecord")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async c => await c.Service<UsageLedger>().FindAsync(c.GetArgument<string>("id"), c.CancellationToken));
        Field<InvoiceType>("invoice")
            .Description("The invoice of an account's billing period, if issued.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .Argument<NonNullGraphType<StringGraphType>>("period", a => a.Description = "YYYY-MM")
            .ResolveAsync(async c => await PeriodGrain(c).GetInvoice());
        Field<NonNullGraphType<InvoiceType>>("invoicePreview")
            .Description("The invoice the period would close into now, issuing nothing (estimated bill).")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .Argument<NonNullGraphType<StringGraphType>>("period", a => a.Description = "The period key: YYYY-MM for a calendar month, otherwise the period's first day YYYY-MM-DD.")
            .ResolveAsync(async c => await PeriodGrain(c).Preview());
        Field<NonNullGraphType<WhatIfReportType>>("whatIf")
            .Description("Re-rates a cycle's usage of a product under a candidate version (e.g. a draft) and/or a candidate tariff rule, and reports the revenue difference per account and in total, without touching real charges.")
            .Argument<NonNullGraphType<IdGraphType>>("productId")
            .Argument<IntGraphType>("candidateVersion", a => a.Description = "Product version to re-rate with; omit to keep each record's version.")
            .Argument<StringGraphType>("candidateRule", a => a.Description = "C# source of a tariff rule to re-rate with in place of the active rule of its name; compiled and sample-tested, never deployed.")
            .Argument<NonNullGraphType<StringGraphType>>("period", a => a.Description = "YYYY-MM")
            .ResolveAsync(async c => await c.Service<NMcs.Grains.WhatIfAnalysis>().RunAsync(
                c.GetArgument<string>("productId"), c.GetArgument<int?>("candidateVersion"), c.GetArgument<string>("period"), c.GetArgument<string?>("candidateRule"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TariffRuleType>>>>("tariffRules")
            .Description("Tariff rule versions active on the silo answering.")
            .Resolve(c => c.Service<NMcs.Grains.TariffRuleService>().ActiveRules);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<SuspendedUsageType>>>>("suspendedUsage")
            .Description("Records waiting for a working tariff rule, oldest first.")
            .Argument<StringGraphType>("ruleName")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .ResolveAsync(async c => await c.Service<SuspendedUsageStore>().ListAsync(c.GetArgument<string?>("ruleName"), Paging.First(c), c.CancellationToken));
        Field<NonNullGraphType<ClockType>>("clock")
            .Resolve(c => new ClockInfo(c.Clock().GetUtcNow(), c.Clock() is AdjustableClock));
        Field<NonNullGraphType<AccountBalanceType>>("accountBalance")
            .Description("What a payer account owes: its invoices with an open amount and their sum.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().BalanceAsync(c.GetArgument<string>("accountId"), c.CancellationToken));
        Field<ReceivableType>("receivable")
            .Description("An issued invoice's status, due date, payments, credits and open amount, by invoice number.")
            .Argument<NonNullGraphType<StringGraphType>>("invoiceNumber")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().FindAsync(c.GetArgument<string>("invoiceNumber"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceAdjustmentType>>>>("creditNotes")
            .Description("Credit notes of an account's invoices, in number order.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().AdjustmentsAsync(c.GetArgument<string>("accountId"), InvoiceAdjustmentKind.CreditNote, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<InvoiceAdjustmentType>>>>("debitAdjustments")
            .Description("Debit adjustments of an account's invoices, in number order.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().AdjustmentsAsync(c.GetArgument<string>("accountId"), InvoiceAdjustmentKind.DebitAdjustment, c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<PaymentType>>>>("payments")
            .Description("Payments recorded against an account's invoices, oldest first.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().PaymentsAsync(c.GetArgument<string>("accountId"), c.CancellationToken));
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<RevenueLineType>>>>("revenue")
            .Description("Revenue of issued invoices whose billing month lies in from..to (inclusive), net of credit notes and debit adjustments, per customer, product or month, in each invoice's currency (docs/invoices.md).")
            .Argument<NonNullGraphType<StringGraphType>>("from", a => a.Description = "YYYY-MM")
            .Argument<NonNullGraphType<StringGraphType>>("to", a => a.Description = "YYYY-MM, inclusive")
            .Argument<NonNullGraphType<RevenueGroupingGraphType>>("groupBy")
            .ResolveAsync(async c => await c.Service<RevenueReport>().RunAsync(
                c.GetArgument<string>("from"), c.GetArgument<string>("to"), c.GetArgument<RevenueGrouping>("groupBy"), c.CancellationToken));
    }

    internal static IBillingPeriodGrain PeriodGrain(IResolveFieldContext c)
    {
        var accountId = c.GetArgument<string>("accountId");
        var period = c.GetArgument<string>("period");
        BillingPeriod.CheckKeyFormat(period);
        return c.Grains().GetGrain<IBillingPeriodGrain>(GrainKeys.BillingPeriod(accountId, period));
    }
}
