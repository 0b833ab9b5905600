using System.Globalization;
using NMcs.Api.Ingestion;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// The in-batch duplicate check's set (<see cref="RecordIdSet"/>): it spreads a batch's ids over several sets so none
/// reaches the large object heap, and must still find every repeat, whichever set an id falls in.
/// </summary>
public sealed class RecordIdSetTests
{
    [Theory]
    [InlineData(0, 10)]
    [InlineData(1, 1)]
    [InlineData(5_000, 5_000)]
    [InlineData(5_000, 20_000)]
    [InlineData(50_000, 50_000)]
    public void Every_id_is_new_once_and_a_duplicate_after(int capacity, int ids)
    {
        var set = new RecordIdSet(capacity);
        for (var i = 0; i < ids; i++)
        {
            Assert.True(set.Add(Id(i)), $"id {i} is new");
        }

        // Sent again (as new strings, as a batch carries them), in another order: each is a duplicate.
        for (var i = ids - 1; i >= 0; i--)
        {
            Assert.False(set.Add(Id(i)), $"id {i} was added before");
            Assert.True(set.Contains(Id(i)));
        }

        Assert.False(set.Contains(Id(ids)));
        Assert.False(set.Contains("r-" + ids.ToString(CultureInfo.InvariantCulture) + " "));
    }

    [Fact]
    public void Ids_are_compared_ordinally()
    {
        var set = new RecordIdSet(10);
        Assert.True(set.Add("r-a"));
        Assert.True(set.Add("R-A"));
        Assert.True(set.Add("r-\u00e9"));
        Assert.True(set.Add("r-e\u0301"));
        Assert.False(set.Add("r-a"));
        Assert.False(set.Add("r-\u00e9"));
    }

    private static string Id(int i) => "r-" + i.ToString(CultureInfo.InvariantCulture);
}
