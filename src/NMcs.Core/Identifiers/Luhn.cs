namespace NMcs.Identifiers;

/// <summary>The Luhn (mod 10) check digit used by ICCIDs (ITU-T E.118) and IMEIs.</summary>
public static class Luhn
{
    /// <summary>True when the last digit of <paramref name="digits"/> is the Luhn check digit of the rest.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length < 2)
        {
            return false;
        }

        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var c = digits[i];
            if (c is < '0' or > '9')
            {
                return false;
            }

            var d = c - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }

    /// <summary>Computes the check digit to append to <paramref name="payload"/>.</summary>
    public static char CheckDigit(ReadOnlySpan<char> payload)
    {
        var sum = 0;
        var doubleIt = true;
        for (var i = payload.Length - 1; i >= 0; i--)
        {
            var d = payload[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return (char)('0' + ((10 - (sum % 10)) % 10));
    }
}
