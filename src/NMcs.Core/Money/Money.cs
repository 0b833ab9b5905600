using System.Globalization;

namespace NMcs;

/// <summary>
/// An amount in one currency. Arithmetic keeps full <see cref="decimal"/> precision; rounding happens only where a
/// rule says so (<see cref="RoundToMinorUnit"/>), so unrounded amounts survive until an invoice line is formed.
/// </summary>
public readonly record struct Money(decimal Amount, Currency Currency)
{
    /// <summary>Zero in <paramref name="currency"/>.</summary>
    public static Money Zero(Currency currency) => new(0m, currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount + right.Amount, left.Currency);
    }

    /// <summary>Subtracts two amounts of the same currency.</summary>
    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(left.Amount - right.Amount, left.Currency);
    }

    /// <summary>Multiplies an amount by a factor (quantity, rate).</summary>
    public static Money operator *(Money money, decimal factor) => new(money.Amount * factor, money.Currency);

    /// <summary>Adds two amounts of the same currency.</summary>
    public static Money Add(Money left, Money right) => left + right;

    /// <summary>Subtracts two amounts of the same currency.</summary>
    public static Money Subtract(Money left, Money right) => left - right;

    /// <summary>Multiplies an amount by a factor.</summary>
    public static Money Multiply(Money money, decimal factor) => money * factor;

    /// <summary>
    /// Rounds to the currency's minor unit. The default is half-up (midpoint away from zero), the rule operators
    /// print on invoices; banker's rounding is available for products that ask for it.
    /// </summary>
    public Money RoundToMinorUnit(MidpointRounding mode = MidpointRounding.AwayFromZero) =>
        new(Math.Round(Amount, Currency.MinorUnits, mode), Currency);

    /// <inheritdoc />
    public override string ToString() =>
        Amount.ToString("0.############################", CultureInfo.InvariantCulture) + " " + Currency.Code;

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new DomainException(
                "CURRENCY_MISMATCH",
                "currency",
                $"cannot combine {left.Currency} and {right.Currency}; amounts must share one currency.");
        }
    }
}
