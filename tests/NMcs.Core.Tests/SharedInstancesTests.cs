namespace NMcs.Core.Tests;

public sealed class SharedInstancesTests
{
    [Fact]
    public void Equal_values_get_the_first_instance_until_the_pool_is_full_then_their_own()
    {
        var pool = new SharedInstances<string>(2, StringComparer.Ordinal);
        var eur = new string("EUR".AsSpan());
        var utc = new string("UTC".AsSpan());

        Assert.Same(eur, pool.Get(eur));
        Assert.Same(eur, pool.Get(new string("EUR".AsSpan())));
        Assert.Same(utc, pool.Get(utc));

        // Full (2 held): a third value is handed back as it is and not held, so a copy of it is not shared.
        var gbp = new string("GBP".AsSpan());
        var again = new string("GBP".AsSpan());
        Assert.Same(gbp, pool.Get(gbp));
        Assert.Same(again, pool.Get(again));
        Assert.Equal(2, pool.Count);

        // What was held is still shared.
        Assert.Same(utc, pool.Get(new string("UTC".AsSpan())));
    }
}
