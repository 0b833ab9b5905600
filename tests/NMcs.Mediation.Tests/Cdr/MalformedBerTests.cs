using NMcs.Mediation.Cdr;

namespace NMcs.Mediation.Tests.Cdr;

public class MalformedBerTests
{
    private const string RecordType = "80 01 55";                          // [0] recordType 85
    private const string Imsi = "83 08 32 14 05 21 43 65 87 F9";           // [3] servedIMSI 234150123456789
    private const string ChargingId = "85 01 07";                          // [5] chargingID 7
    private const string Opened = "8D 09 24 03 15 10 30 00 2B 01 00";      // [13] recordOpeningTime 2024-03-15 10:30 +01:00

    [Fact]
    public void The_minimal_record_of_these_tests_is_valid()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(Pgw(RecordType, Imsi, ChargingId, Opened), out var cdr, out var error), error.ToString());
        Assert.Equal(7u, cdr.ChargingId);
    }

    [Fact]
    public void Every_truncation_of_a_valid_record_is_rejected_with_a_reason()
    {
        var valid = GatewayCdrHexTests.PgwCdr();
        for (var length = 0; length < valid.Length; length++)
        {
            Assert.False(GatewayCdrDecoder.TryDecode(valid.AsSpan(0, length), out _, out var error), $"prefix of {length} octets decoded");
            Assert.False(string.IsNullOrWhiteSpace(error.Field));
            Assert.False(string.IsNullOrWhiteSpace(error.Reason));
        }
    }

    [Fact]
    public void Truncated_record_names_the_missing_octets()
    {
        var valid = GatewayCdrHexTests.PgwCdr(); // BF 4F 81 B4: 180 content octets after a 4-octet header

        var error = Reject(valid.AsSpan(0, 100).ToArray());

        Assert.Equal("record", error.Field);
        Assert.Equal("length 180 exceeds the 96 octets remaining", error.Reason);
    }

    [Fact]
    public void Truncated_field_inside_a_record_names_the_field()
    {
        var error = Reject(Hex.Octets(
            "BF 4F 0C",                      // [79], 12 content octets
            RecordType,                      //   3 octets
            "83 08 32 14 05 21 43 65"));     //   servedIMSI says 8 octets, 6 follow (and 2 fewer than the record claims)

        Assert.Equal("record", error.Field); // the record's own length already overruns
        Assert.Contains("exceeds", error.Reason, StringComparison.Ordinal);

        error = Reject(Pgw(RecordType, "83 08 32 14 05 21 43 65")); // record length right, servedIMSI's length overruns it

        Assert.Equal("servedIMSI", error.Field);
        Assert.Equal("length 8 exceeds the 6 octets remaining", error.Reason);
    }

    [Theory]
    [InlineData("BF 50 03 80 01 55", "tag [80] (constructed) is not a PGW-CDR [79] or SGW-CDR [78] (TS 32.298 GPRSRecord)")]
    [InlineData("30 03 80 01 55", "tag [UNIVERSAL 16] (constructed) is not a PGW-CDR [79] or SGW-CDR [78] (TS 32.298 GPRSRecord)")]
    [InlineData("9F 4F 01 00", "expected a constructed PGWRecord SET, found a primitive encoding tag [79]")]
    public void Wrong_record_tag_is_rejected(string hex, string reason)
    {
        var error = Reject(Hex.Octets(hex));

        Assert.Equal("record", error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Wrong_field_tag_form_is_rejected()
    {
        // p-GWAddress without the explicit CHOICE wrapper: primitive [4] holding the 4 address octets.
        var error = Reject(Pgw(RecordType, Imsi, "84 04 C0 A8 01 01", ChargingId, Opened));

        Assert.Equal("p-GWAddress", error.Field);
        Assert.Equal("expected a constructed GSNAddress, found a primitive encoding tag [4]", error.Reason);

        // chargingID as a constructed [5].
        error = Reject(Pgw(RecordType, Imsi, "A5 03 02 01 07", Opened));

        Assert.Equal("chargingID", error.Field);
        Assert.Equal("expected a primitive INTEGER, found a constructed encoding tag [5] (constructed)", error.Reason);
    }

    [Fact]
    public void Wrong_address_alternative_is_rejected()
    {
        var error = Reject(Pgw(RecordType, Imsi, "A4 06 82 04 C0 A8 01 01", ChargingId, Opened)); // [2] must be IA5 text

        Assert.Equal("p-GWAddress", error.Field);
        Assert.Equal("character 1 is 0xC0; only printable IA5 characters (0x20-0x7E) are accepted", error.Reason);

        Assert.True(GatewayCdrDecoder.TryDecode(
            Pgw(RecordType, Imsi, "A4 09 82 07 31 2E 32 2E 33 2E 34", ChargingId, Opened), out var cdr, out _)); // [2] IA5 "1.2.3.4"
        Assert.Equal(System.Net.IPAddress.Parse("1.2.3.4"), cdr.GatewayAddress);

        error = Reject(Pgw(RecordType, Imsi, "A4 05 80 03 C0 A8 01", ChargingId, Opened));

        Assert.Equal("iPBinV4Address has 3 octets; expected 4", error.Reason);
    }

    [Theory]
    [InlineData("83 84 FF FF FF FF 32", "servedIMSI", "length 4294967295 exceeds the 1 octets remaining")]
    [InlineData("83 85 00 00 00 00 08 32", "servedIMSI", "length field of 5 octets; at most 4 are accepted")]
    [InlineData("83 82 01 00 32 14", "servedIMSI", "length 256 exceeds the 2 octets remaining")]
    [InlineData("83 FF 32", "servedIMSI", "length octet 0xFF is reserved (X.690 8.1.3.5)")]
    public void Overlong_lengths_are_rejected(string field, string name, string reason)
    {
        var error = Reject(Pgw(RecordType, field));

        Assert.Equal(name, error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Indefinite_length_on_a_primitive_field_is_rejected()
    {
        var error = Reject(Pgw(RecordType, "83 80 32 14 05 21 00 00", ChargingId, Opened));

        Assert.Equal("servedIMSI", error.Field);
        Assert.Equal("indefinite length is not allowed on a primitive encoding (X.690 8.1.3.2)", error.Reason);
    }

    [Fact]
    public void Indefinite_length_record_without_end_of_contents_is_rejected()
    {
        var error = Reject(Hex.Octets("BF 4F 80", RecordType, Imsi, ChargingId, Opened)); // no 00 00

        Assert.Equal("record", error.Field);
        Assert.Equal("indefinite length without its end-of-contents octets (truncated)", error.Reason);
    }

    [Theory]
    [InlineData("83 08 32 14 05 21 43 65 8A F9", "servedIMSI", "octet 7 (0x8A) holds 0xA in its low nibble; TBCD digits are 0-9")]
    [InlineData("83 08 32 14 05 21 43 65 F7 F9", "servedIMSI", "filler 0xF in octet 7 before the last octet")]
    [InlineData("83 02 32 14", "servedIMSI", "IMSI has 2 octets; expected 3 to 8 (TBCD)")]
    [InlineData("96 03 91 44 C7", "servedMSISDN", "octet 2 (0xC7) holds 0xC in its high nibble; TBCD digits are 0-9")]
    [InlineData("9D 07 53 43 09 60 89 37 53", "servedIMEI", "IMEI has 7 octets; expected 8 (TBCD)")]
    [InlineData("9B 03 32 F4 5A", "servingNodePLMNIdentifier", "PLMN-Id octet 3 (0x5A) holds 0xA, not a digit")]
    public void Bad_digits_are_rejected(string field, string name, string reason)
    {
        var error = Reject(Pgw(RecordType, field, ChargingId, Opened));

        Assert.Equal(name, error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData("8D 09 24 13 15 10 30 00 2B 01 00", "month 13 is outside 1..12")]
    [InlineData("8D 09 23 02 29 10 30 00 2B 01 00", "day 29 does not exist in 2023-02")]
    [InlineData("8D 09 24 03 15 24 00 00 2B 01 00", "time 24:00:00 is not a valid time of day")]
    [InlineData("8D 09 24 03 15 10 30 00 2A 01 00", "octet 7 (0x2A) is not the sign '+' or '-'")]
    [InlineData("8D 09 24 03 1F 10 30 00 2B 01 00", "octet 3 (0x1F) is not BCD")]
    [InlineData("8D 09 24 03 15 10 30 00 2B 15 00", "UTC offset 1500 is outside ±14:00")]
    [InlineData("8D 06 24 03 15 10 30 00", "TimeStamp has 6 octets; expected 9 (YYMMDDhhmmss, sign, hhmm)")]
    public void Bad_timestamps_are_rejected(string field, string reason)
    {
        var error = Reject(Pgw(RecordType, Imsi, ChargingId, field));

        Assert.Equal("recordOpeningTime", error.Field);
        Assert.Equal(reason, error.Reason);
    }

    [Fact]
    public void Bad_container_field_names_its_path()
    {
        var error = Reject(Pgw(
            RecordType,
            Imsi,
            ChargingId,
            Opened,
            "BF 22 0E",                     // [34] listOfServiceData
            "   30 03 81 01 0A",            //   [0] ratingGroup 10
            "   30 07 81 01 14 8D 02 FF 9C")); // [1] ratingGroup 20, datavolumeFBCDownlink -100

        Assert.Equal("listOfServiceData[1].datavolumeFBCDownlink", error.Field);
        Assert.Equal("value -100 is outside 0..9223372036854775807", error.Reason);
    }

    [Fact]
    public void Container_without_rating_group_is_rejected()
    {
        var error = Reject(Pgw(RecordType, Imsi, ChargingId, Opened, "BF 22 05 30 03 8C 01 01"));

        Assert.Equal("listOfServiceData[0].ratingGroup", error.Field);
        Assert.Equal("missing; it is mandatory", error.Reason);
    }

    [Fact]
    public void Short_user_location_is_rejected()
    {
        var error = Reject(Pgw(RecordType, Imsi, ChargingId, Opened, "9F 20 04 18 62 F2 10")); // TAI + ECGI announced, 3 octets

        Assert.Equal("userLocationInformation", error.Field);
        Assert.Equal("flags 0x18 announce 12 octets of location but 3 follow the flags", error.Reason);
    }

    [Theory]
    [InlineData("chargingID", RecordType, Imsi, Opened)]
    [InlineData("recordOpeningTime", RecordType, Imsi, ChargingId)]
    [InlineData("recordType", Imsi, ChargingId, Opened)]
    public void Missing_mandatory_fields_are_rejected(string field, params string[] fields)
    {
        var error = Reject(Pgw(fields));

        Assert.Equal(field, error.Field);
        Assert.Equal("missing; it is mandatory", error.Reason);
    }

    [Fact]
    public void Record_type_must_match_the_record_alternative()
    {
        var error = Reject(Pgw("80 01 54", Imsi, ChargingId, Opened));

        Assert.Equal("recordType", error.Field);
        Assert.Equal("84 does not match the PGW-CDR [79] alternative; expected 85", error.Reason);
    }

    [Fact]
    public void Duplicate_field_is_rejected()
    {
        var error = Reject(Pgw(RecordType, Imsi, ChargingId, "85 01 08", Opened));

        Assert.Equal("chargingID", error.Field);
        Assert.Equal("appears twice in the record", error.Reason);
    }

    [Fact]
    public void Octets_after_the_record_are_rejected()
    {
        var error = Reject([.. Pgw(RecordType, Imsi, ChargingId, Opened), 0x00, 0x00]);

        Assert.Equal("record", error.Field);
        Assert.Equal("2 octets follow the end of the record", error.Reason);
    }

    [Fact]
    public void Charging_id_beyond_32_bits_is_rejected()
    {
        var error = Reject(Pgw(RecordType, Imsi, "85 05 01 00 00 00 00", Opened));

        Assert.Equal("chargingID", error.Field);
        Assert.Equal("value 4294967296 is outside 0..4294967295", error.Reason);
    }

    [Fact]
    public void Unknown_tags_of_any_class_and_form_are_skipped()
    {
        Assert.True(GatewayCdrDecoder.TryDecode(
            Pgw(
                RecordType,
                "BF 81 00 03 04 01 00",     // [128] constructed, multi-octet tag number
                Imsi,
                "02 01 05",                 // UNIVERSAL INTEGER, not in the schema
                "5F 21 01 00",              // [APPLICATION 33]
                ChargingId,
                "B3 80 30 80 00 00 00 00",  // [19] recordExtensions, nested indefinite lengths
                Opened),
            out var cdr,
            out var error),
            error.ToString());
        Assert.Equal(7u, cdr.ChargingId);
    }

    [Fact]
    public void Deeply_nested_unknown_field_neither_crashes_nor_hangs()
    {
        const int depth = 10_000; // 50,000 octets: inside the 65,535-octet record limit
        var nested = new List<byte>();
        for (var i = 0; i < depth; i++)
        {
            nested.AddRange([0xBF, 0x63, 0x80]); // [99] constructed, indefinite
        }

        for (var i = 0; i < depth; i++)
        {
            nested.AddRange([0x00, 0x00]);
        }

        var record = new List<byte>(Hex.Octets(RecordType, Imsi, ChargingId, Opened));
        record.AddRange(nested);

        var ber = Wrap([.. record]);
        Assert.True(ber.Length <= GatewayCdrDecoder.MaxRecordOctets);

        Assert.True(GatewayCdrDecoder.TryDecode(ber, out var cdr, out var error), error.ToString());
        Assert.Equal(7u, cdr.ChargingId);
    }

    [Fact]
    public void Empty_and_oversized_input_is_rejected()
    {
        Assert.Equal("the CDR has no octets", Reject([]).Reason);
        Assert.Equal("65536 octets exceed the 65535-octet limit of a CDR", Reject(new byte[65_536]).Reason);
    }

    private static CdrFieldError Reject(byte[] ber)
    {
        Assert.False(GatewayCdrDecoder.TryDecode(ber, out _, out var error), "expected a reject");
        return error;
    }

    /// <summary>The fields inside a PGW-CDR [79] with a definite length.</summary>
    private static byte[] Pgw(params string[] fields) => Wrap(Hex.Octets(fields));

    private static byte[] Wrap(byte[] content)
    {
        byte[] length = content.Length switch
        {
            < 0x80 => [(byte)content.Length],
            <= 0xFF => [0x81, (byte)content.Length],
            <= 0xFFFF => [0x82, (byte)(content.Length >> 8), (byte)content.Length],
            _ => [0x83, (byte)(content.Length >> 16), (byte)(content.Length >> 8), (byte)content.Length],
        };
        return [0xBF, 0x4F, .. length, .. content];
    }
}
