using NMcs.Catalog.Model;

namespace NMcs.Billing;

/// <summary>The tax of one rate on an invoice: the lines of one tax category, taxed at one rate.</summary>
/// <param name="Category">Tax category.</param>
/// <param name="Rate">Rate in percent.</param>
/// <param name="Treatment">Exclusive (added to the total) or inclusive (contained in the line amounts).</param>
/// <param name="TaxableAmount">Sum of the rounded line amounts taxed at this rate.</param>
/// <param name="UnroundedTax">Sum of the per-line taxes before rounding.</param>
/// <param name="Tax">The tax, rounded half-up once per rate.</param>
public sealed record InvoiceTax(string Category, decimal Rate, TaxTreatment Treatment, decimal TaxableAmount, decimal UnroundedTax, decimal Tax);
