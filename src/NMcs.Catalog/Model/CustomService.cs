namespace NMcs.Catalog.Model;

/// <summary>
/// A service the product sells beyond DATA, SMS and VOICE, e.g. METER readings in KWH. Declared with the product so
/// a new kind of usage needs no program change.
/// </summary>
public sealed record CustomService
{
    /// <summary>Service code usage records carry, upper case, e.g. METER.</summary>
    public required string Id { get; init; }

    /// <summary>Name printed on invoices.</summary>
    public string? Name { get; init; }

    /// <summary>Unit quantities are reported in (factor 1), e.g. WH.</summary>
    public required string BaseUnit { get; init; }

    /// <summary>Rate units and how many base units each is, e.g. WH = 1, KWH = 1000; includes the base unit.</summary>
    public required IReadOnlyDictionary<string, decimal> Units { get; init; }
}
