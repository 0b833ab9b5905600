using System.Net;
using System.Text.Json.Nodes;
using NMcs.IntegrationTests.Http;
using Xunit.Abstractions;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// An open host (no network elements configured) on the test clock at 2026-03-20: customer PUSH (EUR) with SIM A
/// active on PUSH-PLAN (DATA 0.01 per MB, SMS 0.05 per message, nothing included), and customer REPRO without SIMs.
/// </summary>
public sealed class PushIngestionHostFixture() : HostFixture(HostOptions.WithTestClock)
{
    public const string Account = "PUSH-PAYER";
    public const string ImsiA = "262019000000001";
    public const string MsisdnA = "4915190000001";
    public static readonly string IccidA = TestData.IccidWithCheckDigit("894450010219830490");

    /// <summary>Luhn-valid, never registered.</summary>
    public static readonly string UnknownIccid = TestData.IccidWithCheckDigit("894450010219830499");

    protected override async Task SeedAsync(HostProcess host)
    {
        await host.QueryAsync("""
            mutation { createProduct(input: { id: "PUSH-PLAN", name: "Push plan", currency: "EUR", monthlyFee: 1, activationFee: 0,
              usageCharges: [ { serviceType: DATA, rateUnit: "MB", pricePerUnit: 0.01, includedUnits: 0 },
                              { serviceType: SMS, rateUnit: "MSG", pricePerUnit: 0.05, includedUnits: 0 } ] }) { id } }
            """);
        await host.CustomerAsync("PUSH");
        await host.CustomerAsync("REPRO");
        await host.ActiveSimAsync(IccidA, ImsiA, MsisdnA, "PUSH", "PUSH-PLAN");
        await host.QueryAsync("mutation { advanceClock(to: \"2026-03-20T00:00:00Z\") { now } }");
    }
}

/// <summary>
/// The push collector and the pipeline behind it: gzip, NDJSON streams with bad lines, the batch bound, TMF635 usage,
/// the reject store with reprocessing, re-sent batches, and reconciliation.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class PushIngestionTests(PushIngestionHostFixture fixture, ITestOutputHelper output)
    : HostTest(fixture.Host, output), IClassFixture<PushIngestionHostFixture>
{
    /// <summary>An SMS record of SIM A on 2026-03-10: <paramref name="messages"/> × 0.05.</summary>
    public static JsonObject Sms(string recordId, int messages = 1) => new()
    {
        ["recordId"] = recordId,
        ["iccid"] = PushIngestionHostFixture.IccidA,
        ["timestamp"] = "2026-03-10T08:00:00Z",
        ["serviceType"] = "SMS",
        ["quantity"] = messages,
        ["unit"] = "MSG",
    };

    [Fact]
    public void Host_warns_at_start_that_ingestion_is_unauthenticated() =>
        Assert.Contains("Usage ingestion is unauthenticated", Host.LogSince(0), StringComparison.Ordinal);

    [Fact]
    public async Task Gzip_body_is_decompressed_and_rated()
    {
        var body = new JsonArray(Sms("gz-1"), Sms("gz-2", 2)).ToJsonString();
        var reply = await Host.PushAsync(IngestionRequests.Gzip(body, "application/json"));
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal((2, 2, 0, 0), (reply.Answer.Received, reply.Answer.Accepted, reply.Answer.Duplicate, reply.Answer.Rejected));

        // 1 × 0.05 and 2 × 0.05.
        var stored = await Host.QueryAsync("{ a: usageRecord(id: \"gz-1\") { amount } b: usageRecord(id: \"gz-2\") { amount } }");
        Assert.Equal((0.05m, 0.10m), (stored.Dec("a", "amount"), stored.Dec("b", "amount")));
    }

    [Fact]
    public async Task Body_declared_gzip_that_is_not_gzip_is_400_and_records_nothing()
    {
        var before = await Host.TotalsAsync();
        var content = IngestionRequests.Text(new JsonArray(Sms("not-gzip-1")).ToJsonString(), "application/json");
        content.Headers.ContentEncoding.Add("gzip");
        var reply = await Host.PushAsync(content);
        Assert.Equal(HttpStatusCode.BadRequest, reply.Status);
        Assert.Contains("gzip", reply.Error, StringComparison.Ordinal);
        Assert.Equal(before, await Host.TotalsAsync());
        Assert.False(await Host.IsRatedAsync("not-gzip-1"));
    }

    [Fact]
    public async Task Ndjson_stream_rejects_each_bad_line_with_its_line_and_rates_the_good_ones()
    {
        var charges = await Host.ChargesAsync(PushIngestionHostFixture.Account);
        var negative = Sms("nd-negative");
        negative["quantity"] = -1;
        var unknown = Sms("nd-unknown");
        unknown["iccid"] = PushIngestionHostFixture.UnknownIccid;
        string[] lines =
        [
            Sms("nd-1").ToJsonString(),                 // line 1, record 0
            string.Empty,                               // line 2: blank, not a record
            "{\"recordId\": \"nd-broken\", \"iccid\": ", // line 3, record 1
            negative.ToJsonString(),                    // line 4, record 2
            Sms("nd-2").ToJsonString(),                 // line 5, record 3
            unknown.ToJsonString(),                     // line 6, record 4
        ];

        // Sent in chunks as the lines are written (no Content-Length): the host reads them as they come.
        var content = new StreamedContent("application/x-ndjson");
        foreach (var line in lines)
        {
            content.WriteLine(line);
        }

        content.Complete();
        var reply = await Host.PushAsync(content);
        Assert.Equal(HttpStatusCode.OK, reply.Status);
        Assert.Equal((5, 2, 0, 3), (reply.Answer.Received, reply.Answer.Accepted, reply.Answer.Duplicate, reply.Answer.Rejected));
        var rejections = reply.Body.GetProperty("rejections").EnumerateArray()
            .Select(r => (r.GetProperty("index").GetInt32(), r.GetProperty("line").GetInt64(), r.GetProperty("field").GetString()))
            .ToList();
        Assert.Equal([(1, 3L, "record"), (2, 4L, "quantity"), (4, 6L, "iccid")], rejections);

        // Exactly the two good lines were charged: 2 × 1 MSG × 0.05 = 0.10.
        var after = await Host.ChargesAsync(PushIngestionHostFixture.Account);
        Assert.Equal((charges.Records + 2, charges.Amount + 0.10m), after);

        // The three rejects are stored with position, field, reason and the raw line.
        var stored = await Host.QueryAsync(
            "query ($b: ID) { rejectedUsage(batchId: $b) { recordId sourceKind source position field reason raw status } }",
            new { b = reply.Body.GetProperty("batchId").GetString() });
        var rejects = stored.At("rejectedUsage").EnumerateArray().ToList();
        Assert.Equal([1L, 2L, 4L], rejects.Select(r => r.GetProperty("position").GetInt64()));
        Assert.All(rejects, r => Assert.Equal(("push", "anonymous", "OPEN"), (r.Str("sourceKind"), r.Str("source"), r.Str("status"))));
        Assert.Equal(lines[2], rejects[0].Str("raw"));
        Assert.Contains("not valid JSON", rejects[0].Str("reason"), StringComparison.Ordinal);
        Assert.Equal(("nd-negative", "quantity"), (rejects[1].Str("recordId"), rejects[1].Str("field")));
        Assert.Contains("negative", rejects[1].Str("reason"), StringComparison.Ordinal);
        Assert.Equal(("nd-unknown", "iccid"), (rejects[2].Str("recordId"), rejects[2].Str("field")));
        Assert.Contains("not a registered SIM", rejects[2].Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Batch_of_50001_records_is_413_and_records_nothing()
    {
        var before = await Host.TotalsAsync();
        var rejectsBefore = await Host.RejectCountAsync();
        var lines = Enumerable.Range(0, 50_001).Select(i => Sms($"big-{i:D5}").ToJsonString());
        var reply = await Host.PushAsync(IngestionRequests.Ndjson(lines));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, reply.Status);
        Assert.Contains("at most 50000", reply.Error, StringComparison.Ordinal);
        Assert.Contains("Nothing was recorded", reply.Error, StringComparison.Ordinal);
        Assert.Equal(before, await Host.TotalsAsync());
        Assert.Equal(rejectsBefore, await Host.RejectCountAsync());
        Assert.False(await Host.IsRatedAsync("big-00000"));
        Assert.False(await Host.IsRatedAsync("big-49999"));
    }

    [Fact]
    public async Task Tmf635_usage_is_rated_with_the_hand_computed_charge()
    {
        var charges = await Host.ChargesAsync(PushIngestionHostFixture.Account);

        // A single TMF635 Usage as the body: 1.5 GB = 1.5 × 1,024 = 1,536 MB × 0.01 = 15.36.
        var single = Tmf("tmf-1", "data", [("quantity", 1.5m), ("unit", "GB"), ("iccid", PushIngestionHostFixture.IccidA)]);
        single["status"] = "received";
        single["relatedParty"] = new JsonArray(new JsonObject { ["id"] = "PUSH", ["role"] = "customer" });
        var one = await Host.PushAsync(IngestionRequests.Json(single));
        Assert.Equal(HttpStatusCode.OK, one.Status);
        Assert.Equal((1, 1, 0), (one.Answer.Received, one.Answer.Accepted, one.Answer.Rejected));

        // An array: 2,621,440 BYTES (a string value, SIM by IMSI) = 2.5 MB × 0.01 = 0.025; usage another system rated
        // already, and usage without a quantity, are refused naming the TMF635 field.
        var many = await Host.PushAsync(IngestionRequests.Json(new JsonArray(
            Tmf("tmf-2", "DATA", [("quantity", "2621440"), ("unit", "BYTES"), ("imsi", PushIngestionHostFixture.ImsiA)]),
            WithStatus(Tmf("tmf-3", "SMS", [("quantity", 1m), ("unit", "MSG"), ("msisdn", PushIngestionHostFixture.MsisdnA)]), "rated"),
            Tmf("tmf-4", "SMS", [("unit", "MSG"), ("msisdn", PushIngestionHostFixture.MsisdnA)]))));
        Assert.Equal(HttpStatusCode.OK, many.Status);
        Assert.Equal((3, 1, 2), (many.Answer.Received, many.Answer.Accepted, many.Answer.Rejected));
        Assert.Equal(
            [(1, "tmf-3", "status"), (2, "tmf-4", "usageCharacteristic.quantity")],
            many.Answer.Rejections.Select(r => (r.Index, r.RecordId, r.Field)));

        var stored = await Host.QueryAsync("{ a: usageRecord(id: \"tmf-1\") { amount quantity unit serviceType } b: usageRecord(id: \"tmf-2\") { amount unit iccid } }");
        Assert.Equal((15.36m, 1.5m, "GB", "DATA"), (stored.Dec("a", "amount"), stored.Dec("a", "quantity"), stored.Str("a", "unit"), stored.Str("a", "serviceType")));
        Assert.Equal((0.025m, "B", PushIngestionHostFixture.IccidA), (stored.Dec("b", "amount"), stored.Str("b", "unit"), stored.Str("b", "iccid")));

        // 15.36 + 0.025 = 15.385 on the account.
        var after = await Host.ChargesAsync(PushIngestionHostFixture.Account);
        Assert.Equal((charges.Records + 2, charges.Amount + 15.385m), after);
    }

    [Fact]
    public async Task Rejects_are_listed_and_reprocessing_after_registering_the_sim_rates_them_exactly_once()
    {
        var now = (await Host.QueryAsync("{ clock { now } }")).At("clock", "now").GetDateTimeOffset();
        var iccid = TestData.IccidWithCheckDigit("894450010219830491");
        const string imsi = "262019000000011";
        const string msisdn = "4915190000011";

        // Usage of a SIM nobody registered yet (a minute after now: inside the tolerated clock skew).
        var batch = new JsonArray(
            new JsonObject { ["recordId"] = "re-sms", ["iccid"] = iccid, ["timestamp"] = TestData.Iso(now.AddMinutes(1)), ["serviceType"] = "SMS", ["quantity"] = 3, ["unit"] = "MSG" },
            new JsonObject { ["recordId"] = "re-data", ["msisdn"] = msisdn, ["timestamp"] = TestData.Iso(now.AddMinutes(2)), ["serviceType"] = "DATA", ["quantity"] = 10, ["unit"] = "MB" });
        var first = await Host.PushAsync(IngestionRequests.Json(batch));
        Assert.Equal((2, 0, 2), (first.Answer.Received, first.Answer.Accepted, first.Answer.Rejected));
        var batchId = first.Body.GetProperty("batchId").GetString();

        var listed = await Host.QueryAsync(
            "query ($b: ID) { rejectedUsage(batchId: $b) { id recordId position field reason simField simId iccid status source } }", new { b = batchId });
        var rejects = listed.At("rejectedUsage").EnumerateArray().ToList();
        Assert.Equal(
            [("re-sms", 0L, "iccid", iccid), ("re-data", 1L, "msisdn", msisdn)],
            rejects.Select(r => (r.Str("recordId"), r.GetProperty("position").GetInt64(), r.Str("field"), r.Str("simId"))));
        Assert.All(rejects, r => Assert.Contains("is not a registered SIM", r.Str("reason"), StringComparison.Ordinal));
        Assert.All(rejects, r => Assert.Equal(("OPEN", "anonymous"), (r.Str("status"), r.Str("source"))));
        var ids = rejects.Select(r => r.Str("id")!).ToArray();

        // Filters: by SIM id as sent, and by reason text regardless of case.
        var filtered = await Host.QueryAsync(
            "query ($m: String) { rejectedUsage(simId: $m, reasonContains: \"NOT A REGISTERED\", status: OPEN) { recordId } }", new { m = msisdn });
        Assert.Equal(["re-data"], filtered.At("rejectedUsage").EnumerateArray().Select(r => r.Str("recordId")));

        // Register and activate the SIM now, then an hour later reprocess the two rejects.
        await Host.ActiveSimAsync(iccid, imsi, msisdn, "REPRO", "PUSH-PLAN");
        await Host.QueryAsync("mutation ($t: DateTimeOffset!) { advanceClock(to: $t) { now } }", new { t = TestData.Iso(now.AddHours(1)) });
        Assert.Equal((0L, 0m), await Host.ChargesAsync("REPRO-PAYER"));

        const string reprocess = """
            mutation ($ids: [ID!]) { reprocessRejectedUsage(ids: $ids) {
              batch { id sourceKind received rated duplicate rejected suspended } reprocessed stillRejected
              rejects { id status outcome iccid reprocessBatchId } } }
            """;
        var done = (await Host.QueryAsync(reprocess, new { ids })).At("reprocessRejectedUsage");
        Assert.Equal("reprocess", done.Str("batch", "sourceKind"));
        Assert.Equal((2L, 2L, 0L, 0L), (done.At("batch", "received").GetInt64(), done.At("batch", "rated").GetInt64(), done.At("batch", "duplicate").GetInt64(), done.At("batch", "rejected").GetInt64()));
        Assert.Equal((2, 0), (done.At("reprocessed").GetInt32(), done.At("stillRejected").GetInt32()));
        Assert.All(done.At("rejects").EnumerateArray(), r => Assert.Equal(("REPROCESSED", "rated", iccid), (r.Str("status"), r.Str("outcome"), r.Str("iccid"))));

        // 3 SMS × 0.05 = 0.15; 10 MB × 0.01 = 0.10; 0.15 + 0.10 = 0.25 on REPRO's account.
        Assert.Equal((2L, 0.25m), await Host.ChargesAsync("REPRO-PAYER"));

        // Reprocessing again, and re-sending the original batch, charge nothing more.
        var again = (await Host.QueryAsync(reprocess, new { ids })).At("reprocessRejectedUsage");
        Assert.Equal((2L, 0L, 2L), (again.At("batch", "received").GetInt64(), again.At("batch", "rated").GetInt64(), again.At("batch", "duplicate").GetInt64()));
        Assert.All(again.At("rejects").EnumerateArray(), r => Assert.Equal(("REPROCESSED", "duplicate"), (r.Str("status"), r.Str("outcome"))));
        var resent = await Host.PushAsync(IngestionRequests.Json(batch));
        Assert.Equal((2, 0, 2, 0), (resent.Answer.Received, resent.Answer.Accepted, resent.Answer.Duplicate, resent.Answer.Rejected));
        Assert.Equal((2L, 0.25m), await Host.ChargesAsync("REPRO-PAYER"));

        // By source: every open reject of the source is run again; this one rates now that its SIM is known.
        var late = await Host.PushAsync(IngestionRequests.Json(new JsonArray(
            new JsonObject { ["recordId"] = "re-late", ["imsi"] = "262019000000012", ["timestamp"] = TestData.Iso(now.AddHours(1)), ["serviceType"] = "SMS", ["quantity"] = 1, ["unit"] = "MSG" })));
        Assert.Equal(1, late.Answer.Rejected);
        await Host.ActiveSimAsync(TestData.IccidWithCheckDigit("894450010219830492"), "262019000000012", "4915190000012", "REPRO", "PUSH-PLAN");
        var bySource = (await Host.QueryAsync("mutation { reprocessRejectedUsage(source: \"anonymous\") { batch { source } rejects { recordId status outcome } } }")).At("reprocessRejectedUsage");
        Assert.Equal("anonymous", bySource.Str("batch", "source"));
        var lateReject = Assert.Single(bySource.At("rejects").EnumerateArray(), r => r.Str("recordId") == "re-late");
        Assert.Equal(("REPROCESSED", "rated"), (lateReject.Str("status"), lateReject.Str("outcome")));

        // 0.25 + 1 SMS × 0.05 = 0.30.
        Assert.Equal((3L, 0.30m), await Host.ChargesAsync("REPRO-PAYER"));

        var refused = await Host.ExpectErrorAsync("mutation ($ids: [ID!]) { reprocessRejectedUsage(ids: $ids, source: \"anonymous\") { reprocessed } }", new { ids });
        Assert.Equal(("INVALID_ARGUMENT", "ids"), (refused.Code, refused.Field));
    }

    [Fact]
    public async Task Resending_a_batch_answers_duplicates_and_stores_its_rejects_once()
    {
        var charges = await Host.ChargesAsync(PushIngestionHostFixture.Account);
        var unknown = Sms("rs-unknown");
        unknown["iccid"] = PushIngestionHostFixture.UnknownIccid;
        var noId = Sms("rs-no-id");
        noId.Remove("recordId");
        var batch = new JsonArray(Sms("rs-1"), Sms("rs-2"), unknown, noId);

        var first = await Host.PushAsync(IngestionRequests.Json(batch.DeepClone()));
        Assert.Equal((4, 2, 0, 2), (first.Answer.Received, first.Answer.Accepted, first.Answer.Duplicate, first.Answer.Rejected));
        var firstRejects = await RejectsOfBatchAsync(first);
        Assert.Equal(2, firstRejects.Count);

        var second = await Host.PushAsync(IngestionRequests.Json(batch.DeepClone()));
        Assert.Equal((4, 0, 2, 2), (second.Answer.Received, second.Answer.Accepted, second.Answer.Duplicate, second.Answer.Rejected));

        // The same two rejects, seen twice, now pointing at the latest batch; none left under the first.
        var secondRejects = await RejectsOfBatchAsync(second);
        Assert.Equal(firstRejects.Select(r => r.Id), secondRejects.Select(r => r.Id));
        Assert.All(secondRejects, r => Assert.Equal(2, r.TimesSeen));
        Assert.Empty(await RejectsOfBatchAsync(first));

        // Charged once: 2 × 0.05 = 0.10.
        Assert.Equal((charges.Records + 2, charges.Amount + 0.10m), await Host.ChargesAsync(PushIngestionHostFixture.Account));
    }

    [Fact]
    public async Task Reconciliation_of_a_mixed_batch_balances_received_with_rated_rejected_and_duplicate()
    {
        Assert.Equal(1, (await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("rc-seen"))))).Answer.Accepted);
        var before = await Host.TotalsAsync("anonymous");
        var duplicatesBefore = await Host.MetricAsync("nmcs_ingest_records_total{source_kind=\"push\",outcome=\"duplicate\"}") ?? 0m;
        var unknown = Sms("rc-unknown");
        unknown["iccid"] = PushIngestionHostFixture.UnknownIccid;
        var text = Sms("rc-text");
        text["quantity"] = "three";

        // rated: rc-1; duplicate: rc-1 again in the batch, rc-seen from the batch before; rejected: unknown SIM, text quantity.
        var reply = await Host.PushAsync(IngestionRequests.Json(new JsonArray(Sms("rc-1"), Sms("rc-1"), Sms("rc-seen"), unknown, text)));
        Assert.Equal((5, 1, 2, 2), (reply.Answer.Received, reply.Answer.Accepted, reply.Answer.Duplicate, reply.Answer.Rejected));

        var batch = (await Host.QueryAsync(
            "query ($id: ID!) { ingestBatch(id: $id) { sourceKind source received rated duplicate rejected suspended } }",
            new { id = reply.Body.GetProperty("batchId").GetString() })).At("ingestBatch");
        Assert.Equal(("push", "anonymous"), (batch.Str("sourceKind"), batch.Str("source")));
        var counts = (Received: batch.At("received").GetInt64(), Rated: batch.At("rated").GetInt64(), Duplicate: batch.At("duplicate").GetInt64(), Rejected: batch.At("rejected").GetInt64(), Suspended: batch.At("suspended").GetInt64());
        Assert.Equal((5L, 1L, 2L, 2L, 0L), counts);
        Assert.Equal(counts.Received, counts.Rated + counts.Rejected + counts.Duplicate + counts.Suspended);

        // The source's totals moved by exactly this batch, and still balance (TotalsAsync checks unaccounted = 0).
        var after = await Host.TotalsAsync("anonymous");
        Assert.Equal((before.Received + 5, before.Rated + 1, before.Duplicate + 2, before.Rejected + 2, before.Batches + 1), (after.Received, after.Rated, after.Duplicate, after.Rejected, after.Batches));
        Assert.Equal(duplicatesBefore + 2m, await Host.MetricAsync("nmcs_ingest_records_total{source_kind=\"push\",outcome=\"duplicate\"}"));
    }

    private static JsonObject Tmf(string id, string usageType, (string Name, JsonNode Value)[] characteristics) => new()
    {
        ["id"] = id,
        ["@type"] = "Usage",
        ["usageDate"] = "2026-03-11T08:00:00Z",
        ["usageType"] = usageType,
        ["usageCharacteristic"] = new JsonArray(characteristics
            .Select(c => (JsonNode)new JsonObject { ["name"] = c.Name, ["value"] = c.Value.DeepClone() })
            .ToArray()),
    };

    private static JsonObject WithStatus(JsonObject usage, string status)
    {
        usage["status"] = status;
        return usage;
    }

    private async Task<List<(string Id, long TimesSeen)>> RejectsOfBatchAsync(IngestReply reply)
    {
        var data = await Host.QueryAsync("query ($b: ID) { rejectedUsage(batchId: $b) { id timesSeen } }", new { b = reply.Body.GetProperty("batchId").GetString() });
        return data.At("rejectedUsage").EnumerateArray().Select(r => (r.Str("id")!, r.GetProperty("timesSeen").GetInt64())).ToList();
    }
}
