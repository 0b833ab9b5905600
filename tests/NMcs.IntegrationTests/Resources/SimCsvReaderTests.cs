using NMcs.Api.Resources;

namespace NMcs.IntegrationTests.Resources;

/// <summary>The SIM delivery file reader on its own: header rules, quoting, line numbers, secret columns.</summary>
public sealed class SimCsvReaderTests
{
    [Fact]
    public void Columns_come_in_any_order_and_case_with_quotes_crlf_and_blank_lines()
    {
        var rows = SimCsvReader.Read("MSISDN,ICCID,imsi,CustomerId\r\n\"4915100000001\",8944500102198304826,262011234567890,\"ACME, Inc\"\r\n\r\n,8944500102198304834,262011234567891,\n");

        Assert.Equal(2, rows.Count);
        Assert.Equal(new SimCsvRow(2, "8944500102198304826", "262011234567890", "4915100000001", "ACME, Inc", string.Empty), rows[0]);
        Assert.Equal((4, string.Empty, string.Empty), (rows[1].Line, rows[1].Msisdn, rows[1].CustomerId));
    }

    [Theory]
    [InlineData("iccid,imsi,msisdn,ki", "'ki'")]
    [InlineData("iccid,imsi,msisdn,OPc", "'OPc'")]
    [InlineData("K,iccid,imsi,msisdn", "'K'")]
    [InlineData("iccid,imsi,msisdn,puk1", "'puk1'")]
    public void A_secret_column_refuses_the_whole_file(string header, string named)
    {
        var refused = Assert.Throws<DomainException>(() => SimCsvReader.Read(header + "\n8944500102198304826,262011234567890,4915100000001,00\n"));

        Assert.Equal(("CSV_SECRET_COLUMN", "csv"), (refused.Code, refused.Field));
        Assert.Contains(named, refused.Message, StringComparison.Ordinal);
        Assert.Contains("never stored", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "CSV_EMPTY")]
    [InlineData("iccid,imsi", "CSV_HEADER")]
    [InlineData("iccid,imsi,msisdn,colour", "CSV_HEADER")]
    [InlineData("iccid,imsi,msisdn,iccid", "CSV_HEADER")]
    public void A_bad_header_is_refused_naming_the_csv(string csv, string code)
    {
        var refused = Assert.Throws<DomainException>(() => SimCsvReader.Read(csv));

        Assert.Equal((code, "csv"), (refused.Code, refused.Field));
    }
}
