using GraphQL;
using GraphQL.Types;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Api.GraphQL.Types;
using NMcs.Billing.Receivables;
using NMcs.Grains.Receivables;
using NMcs.Identifiers;
using NMcs.Storage;
using NMcs.Time;

namespace NMcs.Api.GraphQL;

/// <summary>The mutation root: one mutation per step of the SIM-to-invoice flow.</summary>
public sealed class NMcsMutation : ObjectGraphType
{
    /// <summary>Declares the fields.</summary>
    public NMcsMutation()
    {
        Name = "Mutation";
        AccountMutations.Register(this);
        BillRunFields.RegisterMutations(this);
        IngestionFields.RegisterMutations(this);
        ThresholdFields.RegisterMutations(this);
        OrderFields.RegisterMutations(this);
        ResourceFields.RegisterMutations(this);
        Field<NonNullGraphType<CustomerType>>("createCustomer")
            .Description("Creates a customer and its payer account.")
            .Argument<NonNullGraphType<CreateCustomerInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = InputReader.Object(c.GetArgument<object>("input"));
                var id = InputReader.String(input, "id") ?? string.Empty;
                if (id.Length is 0 or > 64 || id.Contains(':', StringComparison.Ordinal))
                {
                    throw new DomainException("INVALID_ID", "id", "id must be 1 to 64 characters without ':'.");
                }

                return await c.Grains().GetGrain<ICustomerGrain>(id).Create(
                    InputReader.String(input, "name") ?? string.Empty,
                    InputReader.String(input, "currency") ?? string.Empty,
                    InputReader.String(input, "timeZone") ?? "UTC",
                    InputReader.String(input, "taxJurisdiction"),
                    InputReader.String(input, "billingCycle"));
            });
        Field<NonNullGraphType<ProductType>>("createProduct")
            .Description("Publishes a simple product (monthly fee, activation fee, per-unit usage with allowances) as the next version of its id, in force from now. Richer products: importCatalog.")
            .Argument<NonNullGraphType<CreateProductInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = InputReader.Object(c.GetArgument<object>("input"));
                var product = SimpleProduct.From(input, c.Clock().GetUtcNow());
                var catalog = c.Service<ProductCatalog>();
                var draft = await catalog.SaveDraftAsync(product, c.CancellationToken);
                return await catalog.PublishAsync(draft.Id, draft.Version, cancellationToken: c.CancellationToken);
            });
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<ProductType>>>>("importCatalog")
            .Description("Takes a catalog document (JSON, docs/catalog.md): every product version is saved as a draft and published when the document says so. All or nothing; errors carry JSON pointers.")
            .Argument<NonNullGraphType<StringGraphType>>("document")
            .ResolveAsync(async c =>
            {
                var parsed = NMcs.Catalog.Model.CatalogDocument.Parse(c.GetArgument<string>("document"));
                if (!parsed.IsValid)
                {
                    throw new DomainException(
                        "INVALID_CATALOG",
                        parsed.Errors.Count > 0 ? parsed.Errors[0].Pointer : "document",
                        "the catalog document was refused and nothing changed: " + string.Join("; ", parsed.Errors.Select(e => e.ToString())));
                }

                return await c.Service<ProductCatalog>().ImportAsync(parsed.Catalog!, c.CancellationToken);
            });
        Field<NonNullGraphType<ProductType>>("publishProduct")
            .Description("Publishes a draft version after validating it; it is immutable afterwards.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async c => await c.Service<ProductCatalog>().PublishAsync(c.GetArgument<string>("id"), c.GetArgument<int>("version"), cancellationToken: c.CancellationToken));
        Field<NonNullGraphType<ProductType>>("retireProduct")
            .Description("Retires a published version: it stops being in force.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .Argument<NonNullGraphType<IntGraphType>>("version")
            .ResolveAsync(async c => await c.Service<ProductCatalog>().RetireAsync(c.GetArgument<string>("id"), c.GetArgument<int>("version"), c.CancellationToken));
        Field<NonNullGraphType<TariffRuleType>>("deployTariffRule")
            .Description("Deploys C# tariff rule source as the next version of the rule it declares: compiled, checked against the API allow-list, samples run; active on every silo within a second. Refusals list file, line and column.")
            .Argument<NonNullGraphType<StringGraphType>>("source")
            .Argument<StringGraphType>("fileName")
            .ResolveAsync(async c => await c.Service<NMcs.Grains.TariffRuleService>().DeployAsync(
                c.GetArgument<string>("source"), c.GetArgument<string?>("fileName") ?? "rule.cs", c.CancellationToken));
        Field<NonNullGraphType<SimType>>("registerSim")
            .Description("Registers a SIM into inventory.")
            .Argument<NonNullGraphType<RegisterSimInputType>>("input")
            .ResolveAsync(async c =>
            {
                var input = InputReader.Object(c.GetArgument<object>("input"));
                var iccid = SimIdentifiers.ValidateIccid(InputReader.String(input, "iccid"));
                return await c.Grains().GetGrain<ISimGrain>(iccid).Register(
                    InputReader.String(input, "imsi") ?? string.Empty,
                    InputReader.String(input, "msisdn") ?? string.Empty);
            });
        Field<NonNullGraphType<SimType>>("assignSim")
            .Description("Assigns an INVENTORY or TEST_READY SIM to a customer, and to one of its accounts (the payer account when accountId is omitted): an assign order, run to its end.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .Argument<NonNullGraphType<IdGraphType>>("customerId")
            .Argument<IdGraphType>("accountId")
            .ResolveAsync(async c =>
            {
                // An assign order; assigning a SIM to the customer it already belongs to changes nothing and needs none.
                var iccid = SimIdentifiers.ValidateIccid(c.GetArgument<string>("iccid"));
                var customerId = c.GetArgument<string>("customerId");
                var accountId = c.GetArgument<string?>("accountId");
                var sim = await c.Grains().GetGrain<ISimGrain>(iccid).GetInfo();
                if (sim is { Status: not (SimStatus.Inventory or SimStatus.TestReady) } && sim.CustomerId == customerId && (accountId is null || accountId == sim.AccountId))
                {
                    return sim;
                }

                return await OrderFields.RunSimOrderAsync(c, new OrderItemRequest("1", OrderKind.Assign, iccid, CustomerId: customerId, AccountId: accountId));
            });
        Field<NonNullGraphType<SimType>>("activateSim")
            .Description("Activates an ACTIVATION_READY SIM on a product version (the one in force when omitted), opening a subscription: an activate order, run to its end.")
            .Argument<NonNullGraphType<StringGraphType>>("iccid")
            .Argument<NonNullGraphType<IdGraphType>>("productId")
            .Argument<IntGraphType>("productVersion")
            .ResolveAsync(async c =>
            {
                // An activate order; activating a SIM again on the product it is on changes nothing and needs none.
                var iccid = SimIdentifiers.ValidateIccid(c.GetArgument<string>("iccid"));
                var productId = c.GetArgument<string>("productId");
                var version = c.GetArgument<int?>("productVersion");
                var sim = await c.Grains().GetGrain<ISimGrain>(iccid).GetInfo();
                if (sim is { Status: SimStatus.Activated, Subscription: { } current } && current.ProductId == productId && (version is null || version == current.ProductVersion))
                {
                    return sim;
                }

                return await OrderFields.RunSimOrderAsync(c, new OrderItemRequest("1", OrderKind.Activate, iccid, productId, version));
            });
        Field<NonNullGraphType<InvoiceType>>("runBilling")
            .Description("Closes an account's billing period into its invoice. Repeating it returns the same invoice.")
            .Argument<NonNullGraphType<IdGraphType>>("accountId")
            .Argument<NonNullGraphType<StringGraphType>>("period", a => a.Description = "The period key: YYYY-MM for a calendar month, otherwise the period's first day YYYY-MM-DD.")
            .ResolveAsync(async c => await NMcsQuery.PeriodGrain(c).Close());
        Field<NonNullGraphType<ClockType>>("advanceClock")
            .Description("Moves the test clock forward (by seconds, or to an instant). Refused unless the test clock is enabled.")
            .Argument<LongGraphType>("seconds")
            .Argument<DateTimeOffsetGraphType>("to")
            .ResolveAsync(async c =>
            {
                if (c.Clock() is not AdjustableClock clock)
                {
                    throw new DomainException("TEST_CLOCK_DISABLED", null, "the test clock is off; start the host with NMcs:TestClock:Enabled=true to move time.");
                }

                var to = c.GetArgument<DateTimeOffset?>("to");
                var seconds = c.GetArgument<long?>("seconds");
                var now = (to, seconds) switch
                {
                    (not null, null) => clock.Set(to.Value),
                    (null, not null) => clock.Advance(TimeSpan.FromSeconds(seconds.Value)),
                    _ => throw new DomainException("INVALID_ARGUMENT", "seconds", "give exactly one of seconds or to."),
                };
                await c.Service<TestClockStore>().SaveAsync(now, c.CancellationToken);
                return new ClockInfo(now, true);
            });
        Field<NonNullGraphType<PaymentType>>("recordPayment")
            .Description("Records a payment against an issued invoice. Refused: unknown invoice, amount not positive or above the open amount, a currency other than the invoice's, a voided invoice. A repeated idempotencyKey with the same request returns the earlier payment.")
            .Argument<NonNullGraphType<StringGraphType>>("invoiceNumber")
            .Argument<NonNullGraphType<DecimalGraphType>>("amount")
            .Argument<NonNullGraphType<StringGraphType>>("currency")
            .Argument<DateTimeOffsetGraphType>("receivedAt", a => a.Description = "When the money arrived; default now.")
            .Argument<StringGraphType>("reference")
            .Argument<StringGraphType>("idempotencyKey")
            .ResolveAsync(async c => await c.Service<AccountsReceivable>().RecordPaymentAsync(
                c.GetArgument<string>("invoiceNumber"),
                c.GetArgument<decimal>("amount"),
                c.GetArgument<string>("currency"),
                c.GetArgument<DateTimeOffset?>("receivedAt"),
                c.GetArgument<string?>("reference"),
                c.GetArgument<string?>("idempotencyKey"),
                c.CancellationToken));
        Field<NonNullGraphType<InvoiceAdjustmentType>>("issueCreditNote")
            .Description("Issues a credit note (CN-…) against an issued invoice; one covering everything billed voids it. Refused above the creditable amount (total + debit adjustments - earlier credit notes) or on a voided invoice.")
            .Argument<NonNullGraphType<StringGraphType>>("invoiceNumber")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<AdjustmentLineInputType>>>>("lines")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c => await IssueAdjustmentAsync(c, InvoiceAdjustmentKind.CreditNote));
        Field<NonNullGraphType<InvoiceAdjustmentType>>("issueDebitAdjustment")
            .Description("Issues a debit adjustment (DN-…) adding charges to an issued invoice. Refused on a voided invoice.")
            .Argument<NonNullGraphType<StringGraphType>>("invoiceNumber")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<AdjustmentLineInputType>>>>("lines")
            .Argument<NonNullGraphType<StringGraphType>>("reason")
            .ResolveAsync(async c => await IssueAdjustmentAsync(c, InvoiceAdjustmentKind.DebitAdjustment));
    }

    private static Task<InvoiceAdjustment> IssueAdjustmentAsync(IResolveFieldContext c, InvoiceAdjustmentKind kind)
    {
        var lines = InputReader.List(new Dictionary<string, object?> { ["lines"] = c.GetArgument<object>("lines") }, "lines")
            .Select((line, i) => new InvoiceAdjustmentLine(
                i + 1,
                InputReader.String(line, "description") ?? string.Empty,
                InputReader.Decimal(line, "amount"),
                line.TryGetValue("invoiceLineNumber", out var n) && n is not null ? Convert.ToInt32(n, System.Globalization.CultureInfo.InvariantCulture) : null))
            .ToList();
        return c.Service<AccountsReceivable>().IssueAdjustmentAsync(kind, c.GetArgument<string>("invoiceNumber"), lines, c.GetArgument<string>("reason"), c.CancellationToken);
    }
}
