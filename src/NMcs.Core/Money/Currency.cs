using System.Collections.Frozen;

namespace NMcs;

/// <summary>An ISO 4217 currency with the number of digits of its minor unit.</summary>
public readonly record struct Currency
{
    // ISO 4217 minor units for the currencies operators in our markets bill in. Extend by adding a row.
    private static readonly FrozenDictionary<string, int> MinorUnitsByCode = new Dictionary<string, int>
    {
        ["EUR"] = 2,
        ["USD"] = 2,
        ["GBP"] = 2,
        ["CHF"] = 2,
        ["SEK"] = 2,
        ["NOK"] = 2,
        ["DKK"] = 2,
        ["PLN"] = 2,
        ["CZK"] = 2,
        ["HUF"] = 2,
        ["RON"] = 2,
        ["CAD"] = 2,
        ["AUD"] = 2,
        ["NZD"] = 2,
        ["BRL"] = 2,
        ["MXN"] = 2,
        ["ZAR"] = 2,
        ["INR"] = 2,
        ["SGD"] = 2,
        ["HKD"] = 2,
        ["CNY"] = 2,
        ["TRY"] = 2,
        ["AED"] = 2,
        ["SAR"] = 2,
        ["ILS"] = 2,
        ["THB"] = 2,
        ["MYR"] = 2,
        ["PHP"] = 2,
        ["IDR"] = 2,
        ["NGN"] = 2,
        ["KES"] = 2,
        ["EGP"] = 2,
        ["JPY"] = 0,
        ["KRW"] = 0,
        ["VND"] = 0,
        ["CLP"] = 0,
        ["ISK"] = 0,
        ["XOF"] = 0,
        ["KWD"] = 3,
        ["BHD"] = 3,
        ["OMR"] = 3,
        ["JOD"] = 3,
        ["TND"] = 3,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private Currency(string code, int minorUnits)
    {
        Code = code;
        MinorUnits = minorUnits;
    }

    /// <summary>Three-letter ISO 4217 code, upper case.</summary>
    public string Code { get; }

    /// <summary>Digits after the decimal point of the minor unit (2 for EUR, 0 for JPY, 3 for KWD).</summary>
    public int MinorUnits { get; }

    /// <summary>Euro.</summary>
    public static Currency Eur => Parse("EUR");

    /// <summary>US dollar.</summary>
    public static Currency Usd => Parse("USD");

    /// <summary>Parses an ISO 4217 code; refuses unknown codes naming <paramref name="field"/>.</summary>
    public static Currency Parse(string? code, string field = "currency")
    {
        if (TryParse(code, out var currency))
        {
            return currency;
        }

        throw new DomainException(
            "INVALID_CURRENCY",
            field,
            $"{field} '{code}' is not a supported ISO 4217 currency code; use a three-letter code such as EUR or USD.");
    }

    /// <summary>Tries to parse an ISO 4217 code.</summary>
    public static bool TryParse(string? code, out Currency currency)
    {
        if (code is not null && MinorUnitsByCode.TryGetValue(code, out var minor))
        {
            currency = new Currency(code, minor);
            return true;
        }

        currency = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => Code;
}
