using System.Globalization;
using static NMcs.Storage.Tests.Rows;

namespace NMcs.Storage.Tests;

public sealed class SimDirectoryTests : StoreTest
{
    private const string ImsiA = "262011234567890";
    private const string MsisdnA = "4915112345678";
    private const string ImsiB = "262011234567891";
    private const string MsisdnB = "4915112345679";

    private SimDirectory _sims = null!;

    protected override Task OnStoreReadyAsync()
    {
        _sims = new SimDirectory(Db.Database, TimeProvider.System);
        return Task.CompletedTask;
    }

    [Fact]
    public async Task Registered_sim_resolves_by_any_identifier()
    {
        Assert.Null(await _sims.RegisterAsync(SimA, ImsiA, MsisdnA));

        Assert.Equal(SimA, await _sims.ResolveAsync(SimA));
        Assert.Equal(SimA, await _sims.ResolveAsync(ImsiA));
        Assert.Equal(SimA, await _sims.ResolveAsync(MsisdnA));
        Assert.Null(await _sims.ResolveAsync("999999999999999"));
    }

    [Fact]
    public async Task Registering_the_same_triple_again_succeeds()
    {
        Assert.Null(await _sims.RegisterAsync(SimA, ImsiA, MsisdnA));
        Assert.Null(await _sims.RegisterAsync(SimA, ImsiA, MsisdnA));

        Assert.Equal(1, await Db.CountAsync("sims"));
    }

    [Fact]
    public async Task Imsi_of_another_sim_is_refused_naming_imsi()
    {
        await _sims.RegisterAsync(SimA, ImsiA, MsisdnA);

        var taken = await _sims.RegisterAsync(SimB, ImsiA, MsisdnB);

        Assert.Equal("imsi", taken);
        Assert.Null(await _sims.ResolveAsync(SimB));
        Assert.Null(await _sims.ResolveAsync(MsisdnB));
        Assert.Equal(1, await Db.CountAsync("sims"));
    }

    [Fact]
    public async Task Msisdn_of_another_sim_is_refused_naming_msisdn()
    {
        await _sims.RegisterAsync(SimA, ImsiA, MsisdnA);

        Assert.Equal("msisdn", await _sims.RegisterAsync(SimB, ImsiB, MsisdnA));
        Assert.Null(await _sims.ResolveAsync(ImsiB));
    }

    [Fact]
    public async Task Registering_a_known_iccid_with_new_identifiers_does_not_report_success_silently()
    {
        await _sims.RegisterAsync(SimA, ImsiA, MsisdnA);

        var result = await _sims.RegisterAsync(SimA, ImsiB, MsisdnB);

        // either the change is refused (non-null) or it is stored: succeeding while dropping it is the bug
        Assert.True(result is not null || await _sims.ResolveAsync(ImsiB) == SimA);
    }

    [Fact]
    public async Task List_pages_through_iccids_in_order()
    {
        await _sims.RegisterAsync(SimB, ImsiB, MsisdnB);
        await _sims.RegisterAsync(SimA, ImsiA, MsisdnA);

        Assert.Equal([SimA, SimB], await _sims.ListAsync(10, null));
        Assert.Equal([SimA], await _sims.ListAsync(1, null));
        Assert.Equal([SimB], await _sims.ListAsync(10, SimA));
    }

    [Fact]
    public async Task Prefetch_caches_the_sims_it_finds_and_answers_the_identifiers_nobody_has()
    {
        // 1,001 SIMs: two full chunks of 500 identifiers and one of 1.
        var iccids = Enumerable.Range(0, 1_001).Select(i => "8949000000000" + i.ToString("D6", CultureInfo.InvariantCulture)).ToList();
        foreach (var (iccid, i) in iccids.Select((iccid, i) => (iccid, i)))
        {
            Assert.Null(await _sims.RegisterAsync(iccid, "26201" + i.ToString("D10", CultureInfo.InvariantCulture), "49170" + i.ToString("D8", CultureInfo.InvariantCulture)));
        }

        var fresh = new SimDirectory(Db.Database, TimeProvider.System);
        var imsis = Enumerable.Range(0, 1_001).Select(i => "26201" + i.ToString("D10", CultureInfo.InvariantCulture)).ToList();
        var unknown = await fresh.PrefetchAsync("imsi", [.. imsis, "262019999999999", imsis[3]]);
        Assert.Equal(["262019999999999"], unknown);
        Assert.Equal(["8949000000000999999"], await fresh.PrefetchAsync("iccid", [iccids[0], "8949000000000999999"]));
        Assert.Empty(await fresh.PrefetchAsync("msisdn", []));

        // Answered from the cache from now on: the table is gone, the prefetched identifiers still resolve.
        await Db.ExecuteAsync("DELETE FROM sims");
        Assert.Equal(iccids[1_000], await fresh.ResolveAsync(imsis[1_000], "imsi"));
        Assert.Equal(iccids[0], await fresh.ResolveAsync(iccids[0], "iccid"));
        Assert.Null(await fresh.ResolveAsync("262019999999999", "imsi"));
        Assert.Null(await fresh.ResolveAsync("4917000000000", "msisdn"));
    }

    [Fact]
    public async Task Prefetch_of_an_unknown_kind_of_identifier_is_refused()
    {
        var refused = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _sims.PrefetchAsync("eid", [SimA]));
        Assert.Equal("field", refused.ParamName);
    }
}
