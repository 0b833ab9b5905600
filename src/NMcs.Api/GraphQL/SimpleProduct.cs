using NMcs.Catalog;
using NMcs.Catalog.Model;

namespace NMcs.Api.GraphQL;

/// <summary>Builds a catalog product version from the flat <c>CreateProductInput</c>.</summary>
internal static class SimpleProduct
{
    public static ProductOffering From(IDictionary<string, object?> input, DateTimeOffset validFrom)
    {
        var monthlyFee = InputReader.Decimal(input, "monthlyFee");
        var activationFee = InputReader.Decimal(input, "activationFee");
        var usageCharges = new List<UsageCharge>();
        var allowances = new List<Allowance>();
        var index = 0;
        foreach (var charge in InputReader.List(input, "usageCharges"))
        {
            var service = ServiceCodes.Of(UsageUnits.ParseService(InputReader.String(charge, "serviceType"), $"usageCharges[{index}].serviceType"));
            var rateUnit = (InputReader.String(charge, "rateUnit") ?? string.Empty).ToUpperInvariant();
            usageCharges.Add(new UsageCharge
            {
                Id = service.ToLowerInvariant() + "-usage",
                Name = service + " usage",
                Service = service,
                RateUnit = rateUnit,
                Model = ChargeModel.PerUnit,
                Price = InputReader.Decimal(charge, "pricePerUnit"),
            });
            var included = InputReader.Decimal(charge, "includedUnits");
            if (included != 0)
            {
                allowances.Add(new Allowance
                {
                    Id = service.ToLowerInvariant() + "-allowance",
                    Name = service + " allowance",
                    Service = service,
                    Quantity = included,
                    Unit = rateUnit,
                    Scope = AllowanceScope.Subscription,
                });
            }

            index++;
        }

        return new ProductOffering
        {
            Id = InputReader.String(input, "id") ?? string.Empty,
            Version = 0,
            Name = InputReader.String(input, "name") ?? string.Empty,
            Status = LifecycleStatus.Draft,
            ValidFrom = validFrom,
            Currency = Currency.Parse(InputReader.String(input, "currency")),
            RecurringCharges = monthlyFee == 0 ? [] : [new RecurringCharge { Id = "monthly-fee", Name = "monthly fee", Price = monthlyFee }],
            OneTimeCharges = activationFee == 0 ? [] : [new OneTimeCharge { Id = "activation", Name = "activation", Price = activationFee, Trigger = OneTimeTrigger.Activation }],
            UsageCharges = usageCharges,
            Allowances = allowances,
        };
    }
}
