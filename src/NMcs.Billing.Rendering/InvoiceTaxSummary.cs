namespace NMcs.Billing.Rendering;

/// <summary>The tax of one rate on the invoice.</summary>
/// <param name="Category">Product tax category.</param>
/// <param name="Rate">Rate in percent, e.g. 19 or 7.5.</param>
/// <param name="Treatment">Exclusive (added to the subtotal) or inclusive (contained in the lines).</param>
/// <param name="TaxableAmount">Sum of the line amounts taxed at this rate.</param>
/// <param name="Tax">Tax at this rate, rounded to the minor unit.</param>
public sealed record InvoiceTaxSummary(string Category, decimal Rate, InvoiceTaxTreatment Treatment, decimal TaxableAmount, decimal Tax);
