using static NMcs.Mediation.Tests.Csv.CsvTestFiles;

namespace NMcs.Mediation.Tests.Csv;

public class CsvResumeTests
{
    // Ten data rows: a quoted multi-line row, a blank line, a malformed row whose next lines are read again, a bad quantity.
    private const string File =
        SmscHeader + "\n" +
        "sw1,1,4915112345678,,2026-03-05T10:00:00Z,1\n" +
        "sw1,2,4915112345678,\"multi\nline\",2026-03-05T10:00:01Z,1\n" +
        "\n" +
        "sw1,3,4915112345678,,2026-03-05T10:00:02Z,x\n" +
        "sw1,4,4915112345678,\"open,2026-03-05T10:00:03Z,1\n" +
        "sw1,5,4915112345678,,2026-03-05T10:00:04Z,1\n" +
        "sw1,6,4915112345678,,2026-03-05T10:00:05Z,1\n" +
        "sw1,7,4915112345678,,2026-03-05T10:00:06Z,1\n" +
        "sw1,8,4915112345678,,2026-03-05T10:00:07Z,1\n" +
        "sw1,9,4915112345678,,2026-03-05T10:00:08Z,1\n" +
        "sw1,10,4915112345678,,2026-03-05T10:00:09Z,1\n";

    [Fact]
    public void Skipping_N_rows_yields_exactly_the_rest_with_the_same_rows_lines_and_ids()
    {
        var all = Parse(Smsc(), File);
        Assert.Equal(10, all.Count);
        Assert.Equal(2, all.Count(r => r.Reject is not null));

        for (var skip = 0; skip <= all.Count; skip++)
        {
            Assert.Equal(all.Skip(skip), Parse(Smsc(), File, skipRows: skip));
        }
    }

    [Fact]
    public void Resuming_after_the_last_handled_row_continues_where_a_crash_stopped()
    {
        var handled = Parse(Smsc(), File).Take(4).ToList();

        var rest = Parse(Smsc(), File, skipRows: handled[^1].Row);

        Assert.Equal(
            ["smsc-fra1:sw1-5", "smsc-fra1:sw1-6", "smsc-fra1:sw1-7", "smsc-fra1:sw1-8", "smsc-fra1:sw1-9", "smsc-fra1:sw1-10"],
            rest.Select(r => Usage(r).RecordId));
        Assert.Equal(8L, rest[0].Usage!.Source.Position); // header 1, sw1-1 2, sw1-2 3-4, blank 5, sw1-3 6, sw1-4 7
    }

    [Fact]
    public void Skipping_past_the_end_yields_nothing() =>
        Assert.Empty(Parse(Smsc(), File, skipRows: 1_000));

    [Fact]
    public void A_negative_skip_is_refused() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Parse(Smsc(), File, skipRows: -1));
}
