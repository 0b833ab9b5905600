using System.Text;
using NMcs.Mediation.Csv;
using static NMcs.Mediation.Tests.Csv.CsvTestFiles;

namespace NMcs.Mediation.Tests.Csv;

public class CsvUsageParserTests
{
    [Fact]
    public void Header_columns_by_name_fill_every_field()
    {
        var mapping = Smsc();
        mapping.Columns.DurationSeconds = "duration";
        mapping.Columns.VisitedNetwork = "vplmn";
        var rows = Parse(mapping, "switch,seq,a_number,b_number,submit_time,parts,duration,vplmn\n" +
            "sw1,17,+4915112345678,4917099999999,2026-03-05T10:00:00Z,2,1.5,234-15\n");

        var usage = Usage(Assert.Single(rows));
        Assert.Equal(
            new MediatedUsage(
                "smsc-fra1:sw1-17",
                "msisdn",
                "4915112345678",
                new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero),
                "SMS",
                2m,
                "MSG",
                1.5,
                "4917099999999",
                "234-15",
                new RecordSource("smsc-1.csv", 2)),
            usage);
        Assert.Equal(1, rows[0].Row);
    }

    [Fact]
    public void Header_names_match_in_any_case_after_a_byte_order_mark()
    {
        var bytes = Encoding.UTF8.GetPreamble()
            .Concat(Encoding.UTF8.GetBytes("SWITCH,Seq,A_Number,B_Number,Submit_Time,PARTS\r\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,1\r\n"))
            .ToArray();

        var rows = CsvUsageParser.Create(Smsc(), Key).Parse("smsc-1.csv", new MemoryStream(bytes)).ToList();

        var usage = Usage(Assert.Single(rows));
        Assert.Equal("smsc-fra1:sw1-1", usage.RecordId);
        Assert.Null(usage.Destination);
    }

    [Fact]
    public void Without_a_header_columns_are_read_by_index_from_line_one()
    {
        var mapping = new CsvSourceMapping
        {
            Name = "msc-1",
            FilePatterns = ["msc-*.cdr"],
            HasHeader = false,
            Delimiter = "|",
            SimKind = "imsi",
            Service = "VOICE",
            Unit = "S",
            Columns = new CsvColumnMapping { RecordId = "0", Sim = "1", Timestamp = "2", Quantity = "3", DurationSeconds = "3", Destination = "4" },
        };

        var rows = Parse(mapping, "c-1|262011234567890|2026-03-05T10:00:00Z|65|4930123456\nc-2|262011234567891|2026-03-05T11:00:00Z|0|4930123457\n");

        Assert.Equal(2, rows.Count);
        var first = Usage(rows[0]);
        Assert.Equal(("msc-1:c-1", "imsi", "262011234567890", 65m, 65.0, "4930123456", 1L), (first.RecordId, first.SimField, first.SimId, first.Quantity, first.DurationSeconds, first.Destination, first.Source.Position));
        Assert.Equal(("msc-1:c-2", 0m, 2L), (Usage(rows[1]).RecordId, Usage(rows[1]).Quantity, Usage(rows[1]).Source.Position));
    }

    [Fact]
    public void A_header_file_may_mix_names_and_indices()
    {
        var mapping = Smsc();
        mapping.Columns.RecordId = "{0}/{seq}";
        mapping.Columns.Sim = "2";

        var usage = Usage(Assert.Single(Parse(mapping, SmscHeader + "\nsw9,5,4915112345678,,2026-03-05T10:00:00Z,1\n")));

        Assert.Equal(("smsc-fra1:sw9/5", "4915112345678"), (usage.RecordId, usage.SimId));
    }

    [Theory]
    [InlineData("\t")]
    [InlineData("tab")]
    [InlineData(";")]
    [InlineData("|")]
    public void Every_supported_delimiter_splits_fields(string delimiter)
    {
        var mapping = Smsc();
        mapping.Delimiter = delimiter;
        var d = delimiter == "tab" ? "\t" : delimiter;

        var text = SmscHeader.Replace(",", d, StringComparison.Ordinal) + "\n" + string.Join(d, "sw1", "1", "4915112345678", "", "2026-03-05T10:00:00Z", "3") + "\n";

        Assert.Equal(3m, Usage(Assert.Single(Parse(mapping, text))).Quantity);
    }

    [Fact]
    public void Quoted_fields_hold_delimiters_doubled_quotes_and_line_breaks()
    {
        var mapping = Smsc();
        mapping.Columns.Destination = "text";
        var text =
            "switch,seq,a_number,text,submit_time,parts\r\n" +
            "\"sw,1\",1,4915112345678,\"say \"\"hi\"\", then go\",2026-03-05T10:00:00Z,1\r\n" +
            "sw1,2,4915112345678,\"two\r\nlines\",2026-03-05T10:00:01Z,1\r\n" +
            "sw1,3,4915112345678,\"\",2026-03-05T10:00:02Z,\"1\"\r\n";

        var rows = Parse(mapping, text);

        Assert.Equal(3, rows.Count);
        Assert.Equal(("smsc-fra1:sw,1-1", "say \"hi\", then go", 2L), (Usage(rows[0]).RecordId, Usage(rows[0]).Destination, Usage(rows[0]).Source.Position));

        // The quoted line break is kept as '\n'; the record starts on line 3 and the next one on line 5.
        Assert.Equal(("two\nlines", 3L, 2L), (Usage(rows[1]).Destination, Usage(rows[1]).Source.Position, rows[1].Row));
        Assert.Equal((null, 5L, 3L), (Usage(rows[2]).Destination, Usage(rows[2]).Source.Position, rows[2].Row));
    }

    [Fact]
    public void Blank_lines_are_skipped_and_are_no_rejects()
    {
        var rows = Parse(Smsc(), SmscHeader + "\n\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,1\n   \nsw1,2,4915112345678,,2026-03-05T10:00:00Z,1\n\n");

        Assert.Equal([3L, 5L], rows.Select(r => Usage(r).Source.Position));
        Assert.Equal([1L, 2L], rows.Select(r => r.Row));
    }

    [Fact]
    public void A_local_time_switch_is_read_in_its_zone_across_both_DST_changes()
    {
        var mapping = Smsc();
        mapping.TimestampFormat = "yyyyMMddHHmmss";
        mapping.TimeZone = "Europe/Berlin";
        var text = SmscHeader + "\n" + string.Join("\n", new[]
        {
            "20260329015959", // CET (+01:00), a second before clocks go 02:00 -> 03:00: 2026-03-29T00:59:59Z
            "20260329030000", // CEST (+02:00), the first local second after the change: 2026-03-29T01:00:00Z
            "20260329023000", // skipped by the change: moved forward by the 1 h gap to 03:30 CEST = 2026-03-29T01:30:00Z
            "20261025013000", // CEST: 2026-10-24T23:30:00Z
            "20261025023000", // repeated when clocks go 03:00 -> 02:00: the earlier, CEST, instant 2026-10-25T00:30:00Z
            "20261025033000", // CET again: 2026-10-25T02:30:00Z
        }.Select((local, i) => $"sw1,{i},4915112345678,,{local},1")) + "\n";

        var times = Parse(mapping, text).Select(r => Usage(r).Timestamp).ToList();

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 29, 0, 59, 59, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 29, 1, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 24, 23, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 10, 25, 2, 30, 0, TimeSpan.Zero),
            ],
            times);
        Assert.All(times, t => Assert.Equal(TimeSpan.Zero, t.Offset));
    }

    [Fact]
    public void ISO_times_use_their_own_offset_and_the_source_zone_only_when_they_have_none()
    {
        var mapping = Smsc();
        mapping.TimeZone = "+05:30";
        var text = SmscHeader + "\n" +
            "sw1,1,4915112345678,,2026-03-05T10:00:00+01:00,1\n" + // 09:00Z
            "sw1,2,4915112345678,,2026-03-05T10:00:00.250Z,1\n" + // 10:00:00.250Z
            "sw1,3,4915112345678,,2026-03-05 10:00:00,1\n"; // local +05:30: 04:30Z

        var times = Parse(mapping, text).Select(r => Usage(r).Timestamp).ToList();

        Assert.Equal(
            [
                new DateTimeOffset(2026, 3, 5, 9, 0, 0, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 5, 10, 0, 0, 250, TimeSpan.Zero),
                new DateTimeOffset(2026, 3, 5, 4, 30, 0, TimeSpan.Zero),
            ],
            times);
    }

    [Fact]
    public void Unix_epoch_seconds_are_read_as_UTC()
    {
        var mapping = Smsc();
        mapping.TimestampFormat = "unix";

        // 1970-01-01 to 2026-03-05: 56 years with 14 leap days (1972..2024) = 20,454 days, + 31 (Jan) + 28 (Feb) + 4
        // = 20,517 days = 1,772,668,800 s; + 10 h (36,000 s) = 1,772,704,800 → 2026-03-05T10:00:00Z.
        var rows = Parse(mapping, SmscHeader + "\nsw1,1,4915112345678,,1772704800,1\nsw1,2,4915112345678,,1772704800.5,1\n");

        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 0, 0, TimeSpan.Zero), Usage(rows[0]).Timestamp);
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 0, 0, 500, TimeSpan.Zero), Usage(rows[1]).Timestamp);
    }

    [Fact]
    public void The_multiplier_scales_the_quantity_column()
    {
        var mapping = new CsvSourceMapping
        {
            Name = "ggsn-1",
            FilePatterns = ["ggsn-*.csv"],
            SimKind = "imsi",
            Service = "DATA",
            Unit = "B",
            Multiplier = 1000m, // the switch writes decimal kilobytes
            Columns = new CsvColumnMapping { RecordId = "id", Sim = "imsi", Timestamp = "start", Quantity = "volume_kb" },
        };

        var rows = Parse(mapping, "id,imsi,start,volume_kb\n1,262011234567890,2026-03-05T10:00:00Z,1.5\n2,262011234567890,2026-03-05T10:00:00Z,2048\n3,262011234567890,2026-03-05T10:00:00Z,1.5E2\n");

        Assert.Equal(1_500m, Usage(rows[0]).Quantity); // 1.5 kB × 1000 = 1,500 B
        Assert.Equal(2_048_000m, Usage(rows[1]).Quantity); // 2,048 kB × 1000 = 2,048,000 B
        Assert.Equal(150_000m, Usage(rows[2]).Quantity); // 1.5E2 = 150 kB × 1000 = 150,000 B
    }

    [Fact]
    public void A_meter_file_with_semicolons_and_decimal_commas_reads_in_KWH()
    {
        var mapping = new CsvSourceMapping
        {
            Name = "meter-headend",
            FilePatterns = ["meter_*.csv"],
            Delimiter = ";",
            DecimalSeparator = ",",
            SimKind = "iccid",
            TimestampFormat = "dd.MM.yyyy HH:mm",
            TimeZone = "Europe/Berlin",
            Service = "METER",
            Unit = "KWH",
            Multiplier = 0.001m, // the head-end writes Wh
            Columns = new CsvColumnMapping { RecordId = "{meter};{read_at}", Sim = "iccid", Timestamp = "read_at", Quantity = "wh" },
        };

        var usage = Usage(Assert.Single(Parse(mapping, "meter;iccid;read_at;wh\nM-7;8944500102198304826;05.03.2026 11:15;12345,5\n", fileName: "meter_0305.csv")));

        Assert.Equal("meter-headend:M-7;05.03.2026 11:15", usage.RecordId);
        Assert.Equal(("iccid", "8944500102198304826", "METER", "KWH"), (usage.SimField, usage.SimId, usage.Service, usage.Unit));
        Assert.Equal(12.3455m, usage.Quantity); // 12,345.5 Wh × 0.001 = 12.3455 kWh
        Assert.Equal(new DateTimeOffset(2026, 3, 5, 10, 15, 0, TimeSpan.Zero), usage.Timestamp); // 11:15 CET (+01:00)
    }

    [Fact]
    public void Service_and_unit_columns_are_upper_cased()
    {
        var mapping = Smsc();
        mapping.Service = null;
        mapping.Unit = null;
        mapping.Columns.Service = "svc";
        mapping.Columns.Unit = "unit";

        var usage = Usage(Assert.Single(Parse(mapping, "switch,seq,a_number,b_number,submit_time,parts,svc,unit\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,300,data,kb\n")));

        Assert.Equal(("DATA", "KB"), (usage.Service, usage.Unit));
    }

    [Fact]
    public void The_same_row_yields_the_same_record_id_whatever_file_it_is_in()
    {
        const string Row = "sw1,17,4915112345678,,2026-03-05T10:00:00Z,1";
        var first = Usage(Parse(Smsc(), $"{SmscHeader}\n{Row}\n", fileName: "smsc-1.csv")[0]);
        var again = Usage(Parse(Smsc(), $"{SmscHeader}\r\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,1\r\n\"sw1\",\"17\",4915112345678,,2026-03-05T10:00:00Z,1\r\n", fileName: "smsc-1-resent.csv")[1]);

        Assert.Equal("smsc-fra1:sw1-17", first.RecordId);
        Assert.Equal(first.RecordId, again.RecordId);
    }

    [Fact]
    public void Literal_braces_in_a_record_id_template()
    {
        var mapping = Smsc();
        mapping.Columns.RecordId = "{{{switch}}}{seq}";

        Assert.Equal("smsc-fra1:{sw1}17", Usage(Parse(mapping, $"{SmscHeader}\nsw1,17,4915112345678,,2026-03-05T10:00:00Z,1\n")[0]).RecordId);
    }

    [Fact]
    public void Sources_pick_a_file_by_its_name_pattern()
    {
        var meter = Smsc();
        meter.Name = "meter";
        meter.FilePatterns = ["meter_??.csv", "*.mtr"];
        var sources = CsvSources.Create(new CsvMediationOptions { Sources = [Smsc(), meter] });

        Assert.Equal("smsc-fra1", sources.ForFile("/var/spool/nmcs/in/SMSC-20260305.CSV")?.Name);
        Assert.Equal("meter", sources.ForFile("meter_01.csv")?.Name);
        Assert.Equal("meter", sources.ForFile("x.mtr")?.Name);
        Assert.Null(sources.ForFile("meter_001.csv"));
        Assert.Null(sources.ForFile("pgw-1.cdr"));
    }

    [Fact]
    public void An_empty_file_or_a_header_alone_yields_nothing()
    {
        Assert.Empty(Parse(Smsc(), string.Empty));
        Assert.Empty(Parse(Smsc(), SmscHeader + "\n"));
    }

    [Fact]
    public void The_stream_is_left_open()
    {
        var stream = new MemoryStream(Encoding.UTF8.GetBytes($"{SmscHeader}\nsw1,1,4915112345678,,2026-03-05T10:00:00Z,1\n"));

        Assert.Single(CsvUsageParser.Create(Smsc(), Key).Parse("smsc-1.csv", stream).ToList());
        Assert.True(stream.CanRead);
    }
}
