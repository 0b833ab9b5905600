using System.Text;
using System.Text.Json;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Resources;

/// <summary>Bulk SIM import from CSV through the real host's GraphQL: per-row answers, nothing changed for bad rows.</summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class SimImportTests(ResourceHostFixture fixture, ITestOutputHelper output) : HostTest(fixture.Host, output), IClassFixture<ResourceHostFixture>
{
    private const string Import = """
        mutation ($csv: String!, $pool: String) {
          importSims(csv: $csv, msisdnPool: $pool) { accepted unchanged refused rows { row iccid outcome msisdn code field message } }
        }
        """;

    private static readonly string Good1 = TestData.IccidWithCheckDigit("894450010219839101");
    private static readonly string Good2 = TestData.IccidWithCheckDigit("894450010219839102");
    private static readonly string Good3 = TestData.IccidWithCheckDigit("894450010219839103");
    private static readonly string DupImsi = TestData.IccidWithCheckDigit("894450010219839104");
    private static readonly string NoCustomer = TestData.IccidWithCheckDigit("894450010219839105");
    private static readonly string BadLuhn = WrongCheckDigit(TestData.IccidWithCheckDigit("894450010219839106"));

    [Fact]
    public async Task Good_and_bad_rows_are_answered_per_row_bad_rows_change_nothing_and_a_reimport_is_unchanged()
    {
        await Host.AsAsync("importer", """mutation { createMsisdnPool(name: "imp") { name } addMsisdnRange(pool: "imp", from: "4915193920000", to: "4915193920009") { added } }""");
        var csv = $"""
            iccid,imsi,msisdn,customerId
            {Good1},262019392000001,4915193929991,RES-A
            {Good2},262019392000002,,RES-B
            {BadLuhn},262019392000003,4915193929993,RES-A
            {DupImsi},262019392000001,4915193929994,
            {NoCustomer},262019392000005,,NOPE
            {Good3},262019392000006,,
            """;

        var first = (await Host.AsAsync("importer", Import, new { csv, pool = "imp" })).GetProperty("importSims");

        Assert.Equal((3, 0, 3), (first.GetProperty("accepted").GetInt32(), first.GetProperty("unchanged").GetInt32(), first.GetProperty("refused").GetInt32()));
        var rows = first.GetProperty("rows").EnumerateArray().ToList();
        Assert.Equal([2, 3, 4, 5, 6, 7], rows.Select(r => r.GetProperty("row").GetInt32()));
        Assert.Equal(["ACCEPTED", "ACCEPTED", "REFUSED", "REFUSED", "REFUSED", "ACCEPTED"], rows.Select(r => r.Str("outcome")));
        Assert.Equal(("INVALID_ICCID", "iccid"), (rows[2].Str("code"), rows[2].Str("field")));
        Assert.Contains("Luhn", rows[2].Str("message"), StringComparison.Ordinal);
        Assert.Equal(("DUPLICATE_IN_FILE", "imsi"), (rows[3].Str("code"), rows[3].Str("field")));
        Assert.Equal(("UNKNOWN_CUSTOMER", "customerId"), (rows[4].Str("code"), rows[4].Str("field")));
        Assert.Equal("4915193929991", rows[0].Str("msisdn"));
        var pooled = new[] { rows[1].Str("msisdn"), rows[5].Str("msisdn") };
        Assert.All(pooled, m => Assert.StartsWith("491519392000", m, StringComparison.Ordinal));
        Assert.NotEqual(pooled[0], pooled[1]);

        // Bad rows changed nothing: no SIM, and the pool handed out exactly the two numbers of the accepted rows.
        var state = await Host.AsAsync(null, """
            query ($bad: String!, $dup: String!, $none: String!, $g2: String!) {
              bad: sim(id: $bad) { iccid } dup: sim(id: $dup) { iccid } none: sim(id: $none) { iccid }
              g2: sim(id: $g2) { customerId msisdn }
              poolUtilisation(name: "imp") { assigned free }
            }
            """,
            new { bad = BadLuhn, dup = DupImsi, none = NoCustomer, g2 = Good2 });
        Assert.Equal(JsonValueKind.Null, state.GetProperty("bad").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("dup").ValueKind);
        Assert.Equal(JsonValueKind.Null, state.GetProperty("none").ValueKind);
        Assert.Equal(("RES-B", pooled[0]), (state.Str("g2", "customerId"), state.Str("g2", "msisdn")));
        Assert.Equal((2L, "8"), (state.At("poolUtilisation")[0].GetProperty("assigned").GetInt64(), state.At("poolUtilisation")[0].Str("free")));

        // The audit trail names the actor for every accepted change.
        var trail = await Host.AsAsync(null, "query ($id: String!) { auditLog(entityType: \"sim\", entityId: $id) { actor action } }", new { id = Good2 });
        Assert.Equal([("importer", "sim.register"), ("importer", "sim.assign")], trail.GetProperty("auditLog").EnumerateArray().Select(r => (r.Str("actor"), r.Str("action"))));

        // The same file again: accepted rows are unchanged, the pool hands out nothing more.
        var second = (await Host.AsAsync("importer", Import, new { csv, pool = "imp" })).GetProperty("importSims");
        Assert.Equal((0, 3, 3), (second.GetProperty("accepted").GetInt32(), second.GetProperty("unchanged").GetInt32(), second.GetProperty("refused").GetInt32()));
        Assert.Equal(pooled, new[] { second.GetProperty("rows")[1].Str("msisdn"), second.GetProperty("rows")[5].Str("msisdn") });
        var after = await Host.AsAsync(null, """{ poolUtilisation(name: "imp") { assigned } }""");
        Assert.Equal(2L, after.At("poolUtilisation")[0].GetProperty("assigned").GetInt64());
    }

    [Fact]
    public async Task A_row_whose_imsi_belongs_to_a_registered_sim_is_refused()
    {
        var existing = TestData.IccidWithCheckDigit("894450010219839201");
        var clash = TestData.IccidWithCheckDigit("894450010219839202");
        await Host.AsAsync(null, "mutation ($i: String!) { registerSim(input: { iccid: $i, imsi: \"262019392100001\", msisdn: \"4915193921001\" }) { iccid } }", new { i = existing });

        var answer = (await Host.AsAsync("importer", Import, new { csv = $"iccid,imsi,msisdn\n{clash},262019392100001,4915193921002\n", pool = (string?)null })).GetProperty("importSims");

        var row = answer.GetProperty("rows")[0];
        Assert.Equal(("REFUSED", "IDENTIFIER_TAKEN", "imsi"), (row.Str("outcome"), row.Str("code"), row.Str("field")));
        var sim = await Host.AsAsync(null, "query ($i: String!) { sim(id: $i) { iccid } }", new { i = clash });
        Assert.Equal(JsonValueKind.Null, sim.GetProperty("sim").ValueKind);
    }

    [Fact]
    public async Task A_file_with_a_ki_column_is_refused_as_a_whole()
    {
        var iccid = TestData.IccidWithCheckDigit("894450010219839301");
        var csv = $"iccid,imsi,msisdn,Ki\n{iccid},262019393000001,4915193930001,000102030405060708090A0B0C0D0E0F\n";

        var refused = await Host.RefusedAsync("importer", Import, new { csv, pool = (string?)null });

        Assert.Equal(("CSV_SECRET_COLUMN", "csv"), (refused.Code, refused.Field));
        Assert.Contains("secrets such as Ki are never stored; remove the column", refused.Message, StringComparison.Ordinal);
        var sim = await Host.AsAsync(null, "query ($i: String!) { sim(id: $i) { iccid } }", new { i = iccid });
        Assert.Equal(JsonValueKind.Null, sim.GetProperty("sim").ValueKind);
    }

    [Fact]
    public async Task More_rows_than_the_limit_are_refused_naming_the_limit()
    {
        var csv = new StringBuilder("iccid,imsi,msisdn\n");
        for (var i = 0; i <= 10_000; i++)
        {
            csv.Append("8944500102198304826,262010000000001,4915100000001\n");
        }

        var refused = await Host.RefusedAsync(null, Import, new { csv = csv.ToString(), pool = (string?)null });

        Assert.Equal(("CSV_TOO_MANY_ROWS", "csv"), (refused.Code, refused.Field));
        Assert.Contains("10000", refused.Message, StringComparison.Ordinal);
    }

    private static string WrongCheckDigit(string iccid) =>
        iccid[..^1] + (char)('0' + ((iccid[^1] - '0' + 1) % 10));
}
