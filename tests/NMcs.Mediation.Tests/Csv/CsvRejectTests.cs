using NMcs.Mediation.Csv;
using static NMcs.Mediation.Tests.Csv.CsvTestFiles;

namespace NMcs.Mediation.Tests.Csv;

public class CsvRejectTests
{
    private const string Good = "sw1,1,4915112345678,,2026-03-05T10:00:00Z,1";

    private static SourceReject RejectOf(string badRow, CsvSourceMapping? mapping = null)
    {
        var rows = Parse(mapping ?? Smsc(), $"{SmscHeader}\n{Good}\n{badRow}\n{Good.Replace("sw1,1,", "sw1,3,", StringComparison.Ordinal)}\n");

        // The good rows around the bad one are still read.
        Assert.Equal(3, rows.Count);
        Assert.Equal("smsc-fra1:sw1-1", Usage(rows[0]).RecordId);
        Assert.Equal("smsc-fra1:sw1-3", Usage(rows[2]).RecordId);
        var reject = Reject(rows[1]);
        Assert.Equal(new RecordSource("smsc-1.csv", 3), reject.Source);
        Assert.Equal(badRow, reject.Raw);
        return reject;
    }

    [Fact]
    public void A_row_with_another_field_count_than_the_header()
    {
        var reject = RejectOf("sw1,2,4915112345678,2026-03-05T10:00:00Z,1");

        Assert.Equal("record", reject.Field);
        Assert.Contains("the row has 5 fields but the header has 6; quote values that contain the delimiter ','", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_row_too_short_for_a_column_of_a_headerless_file()
    {
        var mapping = new CsvSourceMapping
        {
            Name = "msc-1",
            FilePatterns = ["*.cdr"],
            HasHeader = false,
            SimKind = "msisdn",
            Service = "SMS",
            Unit = "MSG",
            Columns = new CsvColumnMapping { RecordId = "{0}-{1}", Sim = "2", Timestamp = "4", Quantity = "5" },
        };

        var rows = Parse(mapping, $"{Good}\nsw1,2,4915112345678,\n");

        Usage(rows[0]);
        var reject = Reject(rows[1]);
        Assert.Equal(("timestamp", 2L), (reject.Field, reject.Source.Position));
        Assert.Equal("column 4 is missing: the row has only 4 fields (columns 0 to 3); add the field, or fix NMcs:Mediation:Csv:Sources:0:Columns:Timestamp.", reject.Reason);
    }

    [Fact]
    public void An_unparsable_quantity()
    {
        var reject = RejectOf("sw1,2,4915112345678,,2026-03-05T10:00:00Z,two");

        Assert.Equal("quantity", reject.Field);
        Assert.Equal("quantity 'two' in column 'parts' is not a number; write it with '.' as the decimal separator and no thousands separators, e.g. 1536 or 1.5.", reject.Reason);
    }

    [Fact]
    public void A_quantity_with_a_thousands_separator()
    {
        var reject = RejectOf("sw1,2,4915112345678,,2026-03-05T10:00:00Z,\"1,024\"");

        Assert.Equal("quantity", reject.Field);
        Assert.Contains("'1,024' in column 'parts' is not a number", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_negative_quantity()
    {
        var reject = RejectOf("sw1,2,4915112345678,,2026-03-05T10:00:00Z,-3");

        Assert.Equal("quantity", reject.Field);
        Assert.Equal("quantity -3 in column 'parts' is negative; usage quantities are zero or more (corrections go through adjustments).", reject.Reason);
    }

    [Fact]
    public void An_unparsable_exact_format_time()
    {
        var mapping = Smsc();
        mapping.TimestampFormat = "yyyyMMddHHmmss";
        mapping.TimeZone = "Europe/Berlin";
        var good = Good.Replace("2026-03-05T10:00:00Z", "20260305110000", StringComparison.Ordinal);

        var rows = Parse(mapping, $"{SmscHeader}\n{good}\nsw1,2,4915112345678,,20261305110000,1\n");

        Usage(rows[0]);
        var reject = Reject(rows[1]);
        Assert.Equal("timestamp", reject.Field);
        Assert.Equal("timestamp '20261305110000' in column 'submit_time' does not match the format yyyyMMddHHmmss; fix the value, or NMcs:Mediation:Csv:Sources:0:TimestampFormat if the switch writes another format.", reject.Reason);
    }

    [Fact]
    public void An_ISO_time_without_offset_when_the_source_has_no_zone()
    {
        var reject = RejectOf("sw1,2,4915112345678,,2026-03-05T10:00:00,1");

        Assert.Equal("timestamp", reject.Field);
        Assert.StartsWith("timestamp '2026-03-05T10:00:00' in column 'submit_time' has no UTC offset and the source has no time zone; set NMcs:Mediation:Csv:Sources:0:TimeZone", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_time_that_is_not_ISO_8601()
    {
        var reject = RejectOf("sw1,2,4915112345678,,05/03/2026 10:00,1");

        Assert.Equal("timestamp", reject.Field);
        Assert.Contains("'05/03/2026 10:00' in column 'submit_time' is not an ISO 8601 time", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unparsable_unix_time()
    {
        var mapping = Smsc();
        mapping.TimestampFormat = "unix";

        var reject = Reject(Parse(mapping, $"{SmscHeader}\nsw1,2,4915112345678,,-5,1\n")[0]);

        Assert.Equal("timestamp", reject.Field);
        Assert.Contains("'-5' in column 'submit_time' is not a unix time", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_SIM_id()
    {
        var reject = RejectOf("sw1,2,  ,,2026-03-05T10:00:00Z,1");

        Assert.Equal("msisdn", reject.Field);
        Assert.Equal("column 'a_number' is empty; the row needs the SIM's msisdn there.", reject.Reason);
    }

    [Fact]
    public void A_SIM_id_that_is_not_of_its_kind()
    {
        var reject = RejectOf("sw1,2,0151-12345,,2026-03-05T10:00:00Z,1");

        Assert.Equal("msisdn", reject.Field);
        Assert.StartsWith("msisdn '0151-12345' must be an E.164 number", reject.Reason, StringComparison.Ordinal);
        Assert.EndsWith("(column 'a_number')", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_part_of_the_record_id()
    {
        var reject = RejectOf("sw1,,4915112345678,,2026-03-05T10:00:00Z,1");

        Assert.Equal("recordId", reject.Field);
        Assert.Equal("column 'seq' is empty; every part of the RecordId needs a value, or ids stop being unique.", reject.Reason);
    }

    [Fact]
    public void Bad_optional_fields()
    {
        var mapping = Smsc();
        mapping.Service = null;
        mapping.Columns.Service = "svc";
        mapping.Columns.DurationSeconds = "dur";
        mapping.Columns.VisitedNetwork = "vplmn";
        var text = "switch,seq,a_number,b_number,submit_time,parts,svc,dur,vplmn\n" +
            "sw1,1,4915112345678,,2026-03-05T10:00:00Z,1,sms-mo,,\n" +
            "sw1,2,4915112345678,,2026-03-05T10:00:00Z,1,SMS,-1,\n" +
            "sw1,3,4915112345678,,2026-03-05T10:00:00Z,1,SMS,,23415\n" +
            "sw1,4,4915112345678,,2026-03-05T10:00:00Z,1,SMS,,\n";

        var rows = Parse(mapping, text);

        Assert.Equal(
            [
                ("service", "service 'sms-mo' in column 'svc' is not a service code; use DATA, SMS, VOICE or a custom service of the product (letters, digits, '_')."),
                ("durationSeconds", "durationSeconds '-1' in column 'dur' must be a number of seconds between 0 and 2678400 (one month)."),
                ("visitedNetwork", "visitedNetwork '23415' in column 'vplmn' must be MCC-MNC such as 234-15 (3 digits, '-', 2 or 3 digits)."),
            ],
            rows.Take(3).Select(r => (Reject(r).Field, Reject(r).Reason)));
        Assert.Equal((null, null), (Usage(rows[3]).DurationSeconds, Usage(rows[3]).VisitedNetwork));
    }

    [Fact]
    public void An_unterminated_quote_rejects_its_line_and_the_lines_after_it_are_read_again()
    {
        var text = $"{SmscHeader}\n{Good}\nsw1,2,4915112345678,\"no end,2026-03-05T10:00:00Z,1\nsw1,3,4915112345678,,2026-03-05T10:00:00Z,1\nsw1,4,4915112345678,,2026-03-05T10:00:00Z,1\n";

        var rows = Parse(Smsc(), text);

        Assert.Equal(4, rows.Count);
        var reject = Reject(rows[1]);
        Assert.Equal(("record", 3L, "sw1,2,4915112345678,\"no end,2026-03-05T10:00:00Z,1"), (reject.Field, reject.Source.Position, reject.Raw));
        Assert.Equal(
            "the quoted value in column 3 (counting from 0) is never closed; end it with a quote and double any quote inside it (\"\"); the lines after this one were read again as rows of their own",
            reject.Reason);
        Assert.Equal([("smsc-fra1:sw1-3", 4L), ("smsc-fra1:sw1-4", 5L)], rows.Skip(2).Select(r => (Usage(r).RecordId, Usage(r).Source.Position)));
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Row));
    }

    [Fact]
    public void An_unterminated_quote_on_the_last_line()
    {
        var rows = Parse(Smsc(), $"{SmscHeader}\n{Good}\nsw1,2,\"4915112345678,,2026-03-05T10:00:00Z,1");

        var reject = Reject(rows[1]);
        Assert.Equal("the quoted value in column 2 (counting from 0) is never closed; end it with a quote and double any quote inside it (\"\")", reject.Reason);
    }

    [Fact]
    public void Text_after_a_closing_quote()
    {
        var reject = RejectOf("sw1,2,\"4915112345678\"x,,2026-03-05T10:00:00Z,1");

        Assert.Equal("record", reject.Field);
        Assert.StartsWith("text follows the closing quote of the value in column 2", reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_stray_quote_closed_by_a_later_line_costs_only_the_lines_that_are_malformed()
    {
        // Line 3 opens a quote; line 5's quote closes it and is followed by text, so the record 3-5 is malformed.
        var text = $"{SmscHeader}\n{Good}\n" +
            "sw1,2,4915112345678,\"oops,2026-03-05T10:00:00Z,1\n" +
            "sw1,3,4915112345678,,2026-03-05T10:00:00Z,1\n" +
            "sw1,4,4915112345678,ab\"c\"d,2026-03-05T10:00:00Z,1\n" +
            "sw1,5,4915112345678,,2026-03-05T10:00:00Z,1\n";

        var rows = Parse(Smsc(), text);

        Assert.Equal(
            ["usage 2", "reject 3", "usage 4", "usage 5", "usage 6"],
            rows.Select(r => r.Usage is { } u ? $"usage {u.Source.Position}" : $"reject {r.Reject!.Source.Position}"));

        // A quote inside an unquoted value is text.
        Assert.Equal("ab\"c\"d", rows[3].Usage!.Destination);
    }

    [Fact]
    public void A_quote_left_open_for_more_than_a_megabyte_is_given_up_on()
    {
        var lines = Enumerable.Range(3, 30_000).Select(i => $"sw1,{i},4915112345678,,2026-03-05T10:00:00Z,1");
        var text = $"{SmscHeader}\nsw1,2,4915112345678,\"open,2026-03-05T10:00:00Z,1\n{string.Join('\n', lines)}\n";
        Assert.True(text.Length > 1_300_000);

        var rows = Parse(Smsc(), text);

        Assert.Equal(30_001, rows.Count);
        Assert.Equal(("record", 2L), (Reject(rows[0]).Field, Reject(rows[0]).Source.Position));
        Assert.All(rows.Skip(1), r => Assert.NotNull(r.Usage));
        Assert.Equal(30_002L, rows[^1].Usage!.Source.Position);
    }

    [Fact]
    public void A_header_without_a_mapped_column_refuses_the_file_before_any_row()
    {
        var parser = CsvUsageParser.Create(Smsc(), Key);
        var text = "switch,seq,a_number,b_number,time,parts\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,1\n";

        var error = Assert.Throws<DomainException>(() => parser.Parse("smsc-1.csv", new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text))).ToList());

        Assert.Equal(("CSV_HEADER_MISMATCH", Key), (error.Code, error.Field));
        Assert.Equal(
            "smsc-1.csv line 1: the header has no column 'submit_time' that NMcs:Mediation:Csv:Sources:0:Columns:Timestamp names. The header is: switch, seq, a_number, b_number, time, parts. Fix the mapping or the file; no row of the file was read.",
            error.Message);
    }

    [Fact]
    public void A_header_naming_a_mapped_column_twice_refuses_the_file()
    {
        var text = "switch,seq,a_number,b_number,submit_time,parts,parts\n";

        var error = Assert.Throws<DomainException>(() => Parse(Smsc(), text));

        Assert.Contains("NMcs:Mediation:Csv:Sources:0:Columns:Quantity names column 'parts', which the header has more than once; refer to it by its 0-based index instead", error.Message, StringComparison.Ordinal);
    }
}
