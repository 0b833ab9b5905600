namespace NMcs.Billing.Receivables;

/// <summary>Checks on amounts entered against invoices: positive, in the invoice currency, at most its minor unit.</summary>
public static class ReceivableAmounts
{
    /// <summary>
    /// Refuses an amount that is zero or negative or has more decimals than <paramref name="currency"/>'s minor
    /// unit. Entered money is never rounded silently: the caller must say exactly what was received or credited.
    /// </summary>
    public static void RequirePositive(decimal amount, Currency currency, string field)
    {
        if (amount <= 0m)
        {
            throw new DomainException("INVALID_AMOUNT", field, $"{field} {amount} must be greater than zero; give the amount as a positive number in {currency.Code}.");
        }

        if (Math.Round(amount, currency.MinorUnits, MidpointRounding.AwayFromZero) != amount)
        {
            throw new DomainException(
                "INVALID_AMOUNT",
                field,
                $"{field} {amount} has more than {currency.MinorUnits} decimals, the minor unit of {currency.Code}; give it rounded to the minor unit.");
        }
    }

    /// <summary>Refuses a currency other than the invoice's.</summary>
    public static void RequireInvoiceCurrency(string given, string invoiceCurrency, string invoiceNumber, string field = "currency")
    {
        if (!string.Equals(given, invoiceCurrency, StringComparison.Ordinal))
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                field,
                $"{field} {given} differs from invoice {invoiceNumber}'s currency {invoiceCurrency}; record amounts in {invoiceCurrency}.");
        }
    }
}
