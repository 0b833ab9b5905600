using NMcs.Identifiers;

namespace NMcs.Core.Tests;

public class SimIdentifiersTests
{
    // 8944500102198304826: Luhn sum over the digits with every second one (from the right, excluding the check
    // digit) doubled is a multiple of 10; the check digit of 894450010219830482 is 6.
    private const string ValidIccid = "8944500102198304826";

    [Fact]
    public void Sample_iccid_is_luhn_valid()
    {
        Assert.True(Luhn.IsValid(ValidIccid));
        Assert.Equal('6', Luhn.CheckDigit(ValidIccid.AsSpan(0, 18)));
    }

    [Theory]
    [InlineData("79927398713", true)] // the textbook Luhn example
    [InlineData("79927398710", false)]
    [InlineData("0", false)]
    [InlineData("", false)]
    [InlineData("7992739871A", false)]
    public void Luhn_IsValid(string digits, bool expected) => Assert.Equal(expected, Luhn.IsValid(digits));

    [Fact]
    public void Luhn_CheckDigit_completes_a_valid_number()
    {
        Assert.Equal('3', Luhn.CheckDigit("7992739871"));
        const string payload = "8949000000000000001";
        Assert.True(Luhn.IsValid(payload + Luhn.CheckDigit(payload)));
    }

    [Fact]
    public void ValidateIccid_accepts_a_valid_19_digit_iccid()
    {
        Assert.Equal(ValidIccid, SimIdentifiers.ValidateIccid(ValidIccid));
    }

    [Fact]
    public void ValidateIccid_accepts_20_digits_and_strips_spaces()
    {
        const string payload = "8949226010000000012";
        var iccid20 = payload + Luhn.CheckDigit(payload);

        Assert.Equal(iccid20, SimIdentifiers.ValidateIccid(iccid20));
        Assert.Equal(ValidIccid, SimIdentifiers.ValidateIccid("8944 5001 0219 8304 826"));
    }

    [Fact]
    public void ValidateIccid_refuses_a_bad_check_digit_mentioning_luhn()
    {
        var error = Assert.Throws<DomainException>(() => SimIdentifiers.ValidateIccid("8944500102198304827"));

        Assert.Equal("INVALID_ICCID", error.Code);
        Assert.Equal("iccid", error.Field);
        Assert.Contains("Luhn", error.Message, StringComparison.Ordinal);
        Assert.Contains("expected 6", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("894450010219830482")] // 18 digits
    [InlineData("894450010219830482612")] // 21 digits
    [InlineData("89445001021983048A6")] // letter
    [InlineData("8944500102198-04826")]
    [InlineData("")]
    [InlineData(null)]
    public void ValidateIccid_refuses_wrong_length_or_non_digits(string? iccid)
    {
        var error = Assert.Throws<DomainException>(() => SimIdentifiers.ValidateIccid(iccid));

        Assert.Equal("INVALID_ICCID", error.Code);
        Assert.Equal("iccid", error.Field);
        Assert.Contains("19 or 20 digits", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateIccid_refuses_a_luhn_valid_number_not_starting_with_89()
    {
        const string payload = "994450010219830482";
        var iccid = payload + Luhn.CheckDigit(payload);
        Assert.True(Luhn.IsValid(iccid));

        var error = Assert.Throws<DomainException>(() => SimIdentifiers.ValidateIccid(iccid, "sims[3].iccid"));

        Assert.Equal("INVALID_ICCID", error.Code);
        Assert.Equal("sims[3].iccid", error.Field);
        Assert.Contains("89", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("26201123456789")] // 14
    [InlineData("262011234567890")] // 15
    public void ValidateImsi_accepts_14_or_15_digits(string imsi) => Assert.Equal(imsi, SimIdentifiers.ValidateImsi(imsi));

    [Theory]
    [InlineData("2620112345678")] // 13
    [InlineData("2620112345678901")] // 16
    [InlineData("26201123456789A")]
    [InlineData("+262011234567890")]
    [InlineData(null)]
    public void ValidateImsi_refuses_other_lengths_and_non_digits(string? imsi)
    {
        var error = Assert.Throws<DomainException>(() => SimIdentifiers.ValidateImsi(imsi));

        Assert.Equal("INVALID_IMSI", error.Code);
        Assert.Equal("imsi", error.Field);
    }

    [Theory]
    [InlineData("4915112345678", "4915112345678")]
    [InlineData("+4915112345678", "4915112345678")]
    [InlineData("4912345", "4912345")] // 7 digits, the minimum
    [InlineData("491511234567890", "491511234567890")] // 15 digits, the maximum
    public void ValidateMsisdn_accepts_e164_and_strips_plus(string msisdn, string expected) =>
        Assert.Equal(expected, SimIdentifiers.ValidateMsisdn(msisdn));

    [Theory]
    [InlineData("015112345678")] // national format with trunk prefix 0
    [InlineData("+015112345678")]
    [InlineData("491234")] // 6 digits
    [InlineData("4915112345678901")] // 16 digits
    [InlineData("49151-12345678")]
    [InlineData("")]
    [InlineData(null)]
    public void ValidateMsisdn_refuses_non_e164(string? msisdn)
    {
        var error = Assert.Throws<DomainException>(() => SimIdentifiers.ValidateMsisdn(msisdn));

        Assert.Equal("INVALID_MSISDN", error.Code);
        Assert.Equal("msisdn", error.Field);
    }
}
