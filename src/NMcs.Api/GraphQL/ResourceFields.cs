using GraphQL;
using GraphQL.Types;
using NMcs.Api.GraphQL.Types;
using NMcs.Api.Resources;
using NMcs.Storage.Resources;

namespace NMcs.Api.GraphQL;

/// <summary>
/// Resource inventory (MSISDN pools, APNs, fixed-IP pools, bulk SIM import) and the audit trail. Every change is
/// written to the audit trail with the request's actor (<c>X-NMcs-Actor</c>); a refused change writes nothing.
/// </summary>
internal static class ResourceFields
{
    /// <summary>Adds the queries.</summary>
    public static void RegisterQueries(ObjectGraphType query)
    {
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceMsisdnPoolType>>>>("msisdnPools")
            .Description("MSISDN pools ordered by name.")
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().ListPoolsAsync(c.CancellationToken));
        query.Field<ResourceMsisdnPoolType>("msisdnPool")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().FindPoolAsync(c.GetArgument<string>("name"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceApnType>>>>("apns")
            .Description("APNs ordered by name.")
            .ResolveAsync(async c => await c.Service<ApnStore>().ListAsync(c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourceIpPoolType>>>>("ipPools")
            .Description("Fixed-IP pools ordered by name.")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().ListPoolsAsync(c.CancellationToken));
        query.Field<ResourceIpPoolType>("ipPool")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().FindPoolAsync(c.GetArgument<string>("name"), c.CancellationToken));
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<ResourcePoolUtilisationType>>>>("poolUtilisation")
            .Description("Utilisation of MSISDN and fixed-IP pools (MSISDN pools first, each ordered by name), optionally of one kind or one pool.")
            .Argument<ResourceKindGraphType>("kind", a => a.Description = "MSISDN_POOL or IP_POOL; omit for both.")
            .Argument<StringGraphType>("name", a => a.Description = "Only the pool of this name.")
            .ResolveAsync(async c =>
            {
                var kind = c.GetArgument<ResourceKind?>("kind");
                var name = c.GetArgument<string?>("name");
                if (kind == ResourceKind.Apn)
                {
                    throw new DomainException("INVALID_ARGUMENT", "kind", "kind APN has no utilisation; ask for MSISDN_POOL or IP_POOL, or omit kind.");
                }

                var list = new List<PoolUtilisation>();
                if (kind is null or ResourceKind.MsisdnPool)
                {
                    list.AddRange(await c.Service<MsisdnPoolStore>().UtilisationAsync(name, c.CancellationToken));
                }

                if (kind is null or ResourceKind.IpPool)
                {
                    list.AddRange(await c.Service<IpPoolStore>().UtilisationAsync(name, c.CancellationToken));
                }

                return list;
            });
        query.Field<NonNullGraphType<ListGraphType<NonNullGraphType<AuditEntryType>>>>("auditLog")
            .Description("The audit trail in the order changes were committed, filtered by entity, actor and time; page with first/after (the last id seen).")
            .Argument<StringGraphType>("entityType", a => a.Description = "e.g. msisdn, msisdn_pool, apn, ip, ip_pool, sim.")
            .Argument<StringGraphType>("entityId")
            .Argument<StringGraphType>("actor")
            .Argument<DateTimeOffsetGraphType>("from", a => a.Description = "Only changes at or after this instant.")
            .Argument<DateTimeOffsetGraphType>("to", a => a.Description = "Only changes before this instant.")
            .Argument<IntGraphType>("first", a => a.DefaultValue = 50)
            .Argument<LongGraphType>("after", a =>
            {
                a.Description = "The id of the last entry of the previous page.";
                a.DefaultValue = 0L;
            })
            .ResolveAsync(async c =>
            {
                var from = c.GetArgument<DateTimeOffset?>("from");
                var to = c.GetArgument<DateTimeOffset?>("to");
                if (from is not null && to is not null && to <= from)
                {
                    throw new DomainException("INVALID_ARGUMENT", "to", "to must be after from; the range is from (inclusive) to to (exclusive).");
                }

                var query = new AuditQuery(c.GetArgument<string?>("entityType"), c.GetArgument<string?>("entityId"), c.GetArgument<string?>("actor"), from, to);
                return await c.Service<AuditTrail>().ListAsync(query, Paging.First(c), c.GetArgument<long>("after"), c.CancellationToken);
            });
    }

    /// <summary>Adds the mutations.</summary>
    public static void RegisterMutations(ObjectGraphType mutation)
    {
        mutation.Field<NonNullGraphType<ResourceMsisdnPoolType>>("createMsisdnPool")
            .Description("Creates an MSISDN pool, shared or dedicated to a customer; add numbers with addMsisdnRange. Creating the same pool again returns it.")
            .Argument<NonNullGraphType<StringGraphType>>("name", a => a.Description = "1 to 64 letters, digits, '.', '_' or '-'.")
            .Argument<IdGraphType>("customerId")
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().CreatePoolAsync(c.GetArgument<string>("name"), c.GetArgument<string?>("customerId"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceMsisdnRangeType>>("addMsisdnRange")
            .Description($"Adds the numbers from..to (inclusive, same length; omit to for one number) to a pool as FREE, at most {MsisdnPoolStore.MaxRangeSize} per call. Numbers already in the pool are skipped; a number in another pool refuses the whole range.")
            .Argument<NonNullGraphType<StringGraphType>>("pool")
            .Argument<NonNullGraphType<StringGraphType>>("from")
            .Argument<StringGraphType>("to")
            .ResolveAsync(async c =>
            {
                var store = c.Service<MsisdnPoolStore>();
                var added = await store.AddRangeAsync(c.GetArgument<string>("pool"), c.GetArgument<string>("from"), c.GetArgument<string?>("to"), c.Actor(), c.CancellationToken);
                return new MsisdnRangeAdded(added, (await store.FindPoolAsync(c.GetArgument<string>("pool"), c.CancellationToken))!);
            });
        mutation.Field<NonNullGraphType<ResourceMsisdnNumberType>>("reserveMsisdn")
            .Description("Reserves a number of a pool (the lowest free one when msisdn is omitted) for an owner, optionally until expiresAt; a lapsed reservation is free again. Reserving a taken number is refused and changes nothing.")
            .Argument<NonNullGraphType<StringGraphType>>("pool")
            .Argument<StringGraphType>("msisdn")
            .Argument<NonNullGraphType<StringGraphType>>("owner", a => a.Description = "Who holds the number, e.g. an order id.")
            .Argument<DateTimeOffsetGraphType>("expiresAt")
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().ReserveAsync(
                c.GetArgument<string>("pool"), c.GetArgument<string?>("msisdn"), c.GetArgument<string>("owner"), c.GetArgument<DateTimeOffset?>("expiresAt"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceMsisdnNumberType>>("releaseMsisdn")
            .Description("Returns a reserved number to its pool. An ASSIGNED number (carried by a SIM) is released only with force: true.")
            .Argument<NonNullGraphType<StringGraphType>>("msisdn")
            .Argument<BooleanGraphType>("force", a => a.DefaultValue = false)
            .ResolveAsync(async c => await c.Service<MsisdnPoolStore>().ReleaseAsync(c.GetArgument<string>("msisdn"), c.GetArgument<bool>("force"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceApnType>>("createApn")
            .Description("Creates an APN (network identifier per 3GPP TS 23.003 §9.1: dot-separated labels of letters, digits and hyphens, at most 63 octets) with the customers allowed on it.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<ResourceApnTypeGraphType>>("type")
            .Argument<ListGraphType<NonNullGraphType<IdGraphType>>>("customerIds")
            .ResolveAsync(async c => await c.Service<ApnStore>().CreateAsync(
                c.GetArgument<string>("name"), c.GetArgument<ApnType>("type"), c.GetArgument<List<string>?>("customerIds") ?? [], c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceIpPoolType>>("createIpPool")
            .Description("Creates a fixed-IP pool over an IPv4 or IPv6 CIDR block, optionally serving an APN and dedicated to a customer. A block overlapping another pool's is refused.")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<NonNullGraphType<StringGraphType>>("cidr", a => a.Description = "e.g. 10.20.0.0/24 or 2001:db8:1::/64; host bits must be zero.")
            .Argument<StringGraphType>("apn")
            .Argument<IdGraphType>("customerId")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().CreatePoolAsync(
                c.GetArgument<string>("name"), c.GetArgument<string>("cidr"), c.GetArgument<string?>("apn"), c.GetArgument<string?>("customerId"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceIpAllocationType>>("allocateIp")
            .Description("Hands out an address of a pool (the lowest free one when address is omitted): ASSIGNED to a SIM when iccid is given, otherwise RESERVED for the owner, optionally until expiresAt. Taking a taken address is refused and changes nothing.")
            .Argument<NonNullGraphType<StringGraphType>>("pool")
            .Argument<StringGraphType>("address")
            .Argument<NonNullGraphType<StringGraphType>>("owner", a => a.Description = "Who holds the address, e.g. an order id.")
            .Argument<StringGraphType>("iccid")
            .Argument<DateTimeOffsetGraphType>("expiresAt", a => a.Description = "For reservations only; ignored with iccid.")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().AllocateAsync(
                c.GetArgument<string>("pool"), c.GetArgument<string?>("address"), c.GetArgument<string>("owner"), c.GetArgument<string?>("iccid"), c.GetArgument<DateTimeOffset?>("expiresAt"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceIpAllocationType>>("releaseIp")
            .Description("Returns an address to its pool.")
            .Argument<NonNullGraphType<StringGraphType>>("pool")
            .Argument<NonNullGraphType<StringGraphType>>("address")
            .ResolveAsync(async c => await c.Service<IpPoolStore>().ReleaseAsync(c.GetArgument<string>("pool"), c.GetArgument<string>("address"), c.Actor(), c.CancellationToken));
        mutation.Field<NonNullGraphType<ResourceAssignmentType>>("assignPoolToCustomer")
            .Description("Dedicates an MSISDN or IP pool to a customer (customerId null: shared again), or allows a customer on an APN.")
            .Argument<NonNullGraphType<ResourceKindGraphType>>("kind")
            .Argument<NonNullGraphType<StringGraphType>>("name")
            .Argument<IdGraphType>("customerId")
            .ResolveAsync(async c =>
            {
                var name = c.GetArgument<string>("name");
                var customerId = c.GetArgument<string?>("customerId");
                switch (c.GetArgument<ResourceKind>("kind"))
                {
                    case ResourceKind.MsisdnPool:
                        var msisdnPool = await c.Service<MsisdnPoolStore>().AssignToCustomerAsync(name, customerId, c.Actor(), c.CancellationToken);
                        return new ResourceAssignment(ResourceKind.MsisdnPool, msisdnPool.Name, msisdnPool.CustomerId is null ? [] : [msisdnPool.CustomerId]);
                    case ResourceKind.IpPool:
                        var ipPool = await c.Service<IpPoolStore>().AssignToCustomerAsync(name, customerId, c.Actor(), c.CancellationToken);
                        return new ResourceAssignment(ResourceKind.IpPool, ipPool.Name, ipPool.CustomerId is null ? [] : [ipPool.CustomerId]);
                    default:
                        var apn = await c.Service<ApnStore>().AllowCustomerAsync(
                            name,
                            customerId ?? throw new DomainException("INVALID_ARGUMENT", "customerId", "customerId is required for kind APN: name the customer to allow on it."),
                            c.Actor(),
                            c.CancellationToken);
                        return new ResourceAssignment(ResourceKind.Apn, apn.Name, apn.Customers);
                }
            });
        mutation.Field<NonNullGraphType<ResourceSimImportType>>("importSims")
            .Description($"Registers SIMs from a delivery file (CSV, header iccid,imsi,msisdn[,customerId][,accountId]; at most {SimCsvReader.MaxRows} rows) and assigns them to customers, answered per row. An empty msisdn takes the lowest free number of msisdnPool. A file with a Ki/OPc/K column is refused as a whole: secrets are never stored. Importing the same file again answers UNCHANGED.")
            .Argument<NonNullGraphType<StringGraphType>>("csv")
            .Argument<StringGraphType>("msisdnPool")
            .ResolveAsync(async c =>
            {
                var import = new SimCsvImport(c.Grains(), c.Service<MsisdnPoolStore>(), c.Service<AuditTrail>());
                return await import.ImportAsync(c.GetArgument<string>("csv"), c.GetArgument<string?>("msisdnPool"), c.Actor(), c.CancellationToken);
            });
    }
}
