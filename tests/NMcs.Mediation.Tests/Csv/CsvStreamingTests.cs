using System.Globalization;
using NMcs.Mediation.Csv;
using static NMcs.Mediation.Tests.Csv.CsvTestFiles;

namespace NMcs.Mediation.Tests.Csv;

public class CsvStreamingTests
{
    private const int Rows = 100_000;

    // Every row is 64 bytes with its line break, so how far the parser has read is known exactly.
    private static string Row(int i) =>
        $"sw1,{i:D8},4915112345678,4917099999999,2026-03-05T10:00:00Z,{i % 10}";

    [Fact]
    public void A_file_of_100k_rows_is_read_a_buffer_ahead_of_the_records_it_yields()
    {
        var rowBytes = Row(0).Length + 1;
        Assert.Equal(64, rowBytes);
        var stream = new GeneratedCsvStream(SmscHeader, Rows, Row);
        var parser = CsvUsageParser.Create(Smsc(), Key);

        long usages = 0;
        long quantity = 0;
        long furthestAhead = 0;
        foreach (var result in parser.Parse("smsc-big.csv", stream))
        {
            var usage = Usage(result);
            usages++;
            quantity += (long)usage.Quantity;
            Assert.Equal(usages, result.Row);
            Assert.Equal(usages + 1, usage.Source.Position);

            // Bytes read beyond the end of the row just yielded: the reader's buffer, never the rest of the file.
            furthestAhead = Math.Max(furthestAhead, stream.BytesRead - (stream.HeaderBytes + (usages * rowBytes)));
        }

        Assert.Equal(Rows, usages);
        Assert.Equal(450_000, quantity); // 10,000 rows each of quantities 0..9: 10,000 × 45
        Assert.Equal(stream.HeaderBytes + ((long)Rows * rowBytes), stream.BytesRead);
        Assert.InRange(furthestAhead, 0, 64 * 1024);
        Assert.Equal("smsc-fra1:sw1-" + (Rows - 1).ToString("D8", CultureInfo.InvariantCulture), Usage(parser.Parse("smsc-big.csv", new GeneratedCsvStream(SmscHeader, Rows, Row), Rows - 1).Single()).RecordId);
    }
}
