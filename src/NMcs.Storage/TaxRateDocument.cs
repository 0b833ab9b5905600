using NMcs.Catalog.Model;

namespace NMcs.Storage;

/// <summary>How a tax rate is stored.</summary>
internal sealed record TaxRateDocument(string Jurisdiction, string Category, decimal Rate, TaxTreatment Treatment, DateTimeOffset? ValidFrom, DateTimeOffset? ValidTo);
