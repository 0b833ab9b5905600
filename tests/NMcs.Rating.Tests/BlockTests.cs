using NMcs.Catalog.Model;
using static NMcs.Rating.Tests.TestCatalog;

namespace NMcs.Rating.Tests;

public class BlockTests
{
    // DATA sold in blocks of 10 MB at 2.50 each, counted over the cycle.
    private static readonly ProductOffering Blocks = Product("""
        "usageCharges": [
          { "id": "data", "name": "Data", "service": "DATA", "rateUnit": "MB", "model": "block", "blockSize": 10, "price": 2.50 }
        ]
        """);

    [Fact]
    public void A_partial_block_is_charged_whole()
    {
        // 3 MB starts block 1: ceil(3 / 10) − ceil(0 / 10) = 1 block × 2.50 = 2.50
        Assert.Equal(2.50m, Rate(Blocks, Data(3 * Mb)).Total);
    }

    [Theory]
    [InlineData(10, 2.50)] // exactly one block: ceil(10 / 10) = 1 × 2.50
    [InlineData(11, 5.00)] // one MB past: ceil(11 / 10) = 2 × 2.50
    public void Block_boundary_exactly_at_and_one_past(int megabytes, decimal expected)
    {
        Assert.Equal(expected, Rate(Blocks, Data(megabytes * Mb)).Total);
    }

    [Fact]
    public void Usage_inside_a_started_block_costs_nothing_more()
    {
        // 3 MB used this cycle (block 1 paid); 5 MB more → total 8: ceil(0.8) − ceil(0.3) = 0 blocks → 0.00
        // then 4 MB more → total 12: ceil(1.2) − ceil(0.8) = 1 block → 2.50
        var counters = Counters(charges: [("data", 3 * Mb)]);
        var inside = Rate(Blocks, Data(5 * Mb), counters);
        var next = Rate(Blocks, Data(4 * Mb), counters.Apply(inside.CounterDeltas));

        Assert.Equal(0.00m, inside.Total);
        Assert.Equal(2.50m, next.Total);
    }
}
