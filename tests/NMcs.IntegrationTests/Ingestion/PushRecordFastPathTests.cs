using System.Text;
using System.Text.Json;
using NMcs.Api.Ingestion;
using NMcs.Mediation;

namespace NMcs.IntegrationTests.Ingestion;

/// <summary>
/// The push collector's fast path (<see cref="PlainUsageJson"/>, a plain record read without a JsonDocument) against
/// the general reader (<see cref="UsageRecordParser"/> on a <see cref="JsonElement"/>): whatever the fast path accepts,
/// the general reader accepts with the same result; whatever else reaches the general reader unchanged. And the array
/// body cut into elements however the body arrives.
/// </summary>
public sealed class PushRecordFastPathTests
{
    private static readonly RecordSource Source = new("push-fast", 3);

    public static TheoryData<string> Plain => new()
    {
        """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"data","quantity":150,"unit":"kb"}""",
        """ { "recordId" : " r-2 ", "imsi": "262010000000001", "timestamp": "2026-03-05T11:00:00+01:00", "serviceType": "SMS", "quantity": 1, "unit": "events" } """,
        """{"recordId":"r-3","iccid":"  ","imsi":7,"msisdn":"4915112345678","timestamp":"2026-03-05T10:00:00.1234567Z","serviceType":"VOICE","quantity":1.5e2,"unit":"SECONDS","durationSeconds":150,"destination":" +44 20 7946 0000 ","visitedNetwork":"234-15"}""",
        """{"rec\u006frdId":"r-\u00e9","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00-05:30","serviceType":"meter","quantity":0.0000001,"unit":"kwh","durationSeconds":null,"destination":null,"apn":{"name":["iot",1,{"x":null}]}}""",
        """{"recordId":"r-5","iccid":"8949000000000000001","imsi":"262010000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":79228162514264337593543950335,"unit":"B","visitedNetwork":""}""",
    };

    [Theory]
    [MemberData(nameof(Plain))]
    public void A_plain_record_reads_the_same_on_the_fast_path_as_through_a_JsonElement(string json)
    {
        Assert.True(PlainUsageJson.TryParse(Encoding.UTF8.GetBytes(json), Source, out var fast));
        Assert.Equal(General(json), fast);

        // What the reject store would keep is the record's text, as JsonElement.GetRawText gives it.
        var candidate = PushRecordReader.Read(Encoding.UTF8.GetBytes(json), Source.Name, (int)Source.Position);
        Assert.Equal(JsonDocument.Parse(json).RootElement.GetRawText(), candidate.RawText);
        Assert.Equal(fast, candidate.Usage);
    }

    public static TheoryData<string, string> LeftToTheGeneralReader => new()
    {
        { """{"id":"u-1","usageDate":"2026-03-05T11:00:00Z","usageType":"data","usageCharacteristic":[{"name":"quantity","value":1},{"name":"unit","value":"MB"},{"name":"iccid","value":"8949000000000000001"}]}""", "TMF635 Usage" },
        { """{"recordId":"r-1","recordId":"r-2","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB"}""", "" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":"1","unit":"KB"}""", "quantity" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1}""", "unit" },
        { """{"recordId":" ","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB"}""", "recordId" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00","serviceType":"DATA","quantity":1,"unit":"KB"}""", "timestamp" },
        { """{"recordId":"r-1","iccid":8949000000000000001,"timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB"}""", "iccid" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB","durationSeconds":"90"}""", "durationSeconds" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB","destination":5}""", "destination" },
        { """[{"recordId":"r-1"}]""", "record" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB"} {}""", "record" },
        { """{"recordId":"r-1","iccid":"8949000000000000001","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":1,"unit":"KB""", "record" },
    };

    [Theory]
    [MemberData(nameof(LeftToTheGeneralReader))]
    public void Anything_else_is_read_by_the_general_reader_with_its_field_and_reason(string json, string field)
    {
        var utf8 = Encoding.UTF8.GetBytes(json);
        Assert.False(PlainUsageJson.TryParse(utf8, Source, out var fast));
        Assert.Null(fast);

        var candidate = PushRecordReader.Read(utf8, Source.Name, (int)Source.Position);
        if (field == "TMF635 Usage")
        {
            Assert.Equal("u-1", candidate.Usage?.RecordId ?? candidate.RecordId);
            return;
        }

        if (field.Length == 0)
        {
            // A property sent twice: the general reader takes one of the values; the fast path leaves that to it.
            Assert.Equal(General(json), candidate.Usage);
            return;
        }

        Assert.NotNull(candidate.Reject);
        Assert.Equal(field, candidate.Reject.Field);
        Assert.Equal(json, candidate.RawText);
        var element = TryElement(json);
        if (element is { } parsed)
        {
            // The same reject as the general reader gives the element itself.
            Assert.Equal(PushRecordReader.Read(parsed, Source.Name, (int)Source.Position).Reject!.Reason, candidate.Reject.Reason);
        }
    }

    [Fact]
    public void Ten_thousand_mutated_records_are_accepted_by_the_fast_path_only_as_the_general_reader_reads_them()
    {
        const string Record = """{"recordId":"r-17","iccid":"8949000000000000017","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":150.25,"unit":"KB","durationSeconds":12,"destination":"x","visitedNetwork":"234-15"}""";
        const string Alphabet = "{}[]\",:. 0123456789eE+-nultrfasZT\\u";
        var random = new Random(20261127);
        int fastAccepted = 0, generalAccepted = 0;
        for (var i = 0; i < 10_000; i++)
        {
            var text = new StringBuilder(Record);
            for (var m = random.Next(1, 4); m > 0; m--)
            {
                var at = random.Next(text.Length);
                switch (random.Next(3))
                {
                    case 0:
                        text[at] = Alphabet[random.Next(Alphabet.Length)];
                        break;
                    case 1:
                        text.Insert(at, Alphabet[random.Next(Alphabet.Length)]);
                        break;
                    default:
                        text.Remove(at, 1);
                        break;
                }
            }

            var json = text.ToString();
            MediatedUsage? general = null;
            if (TryElement(json) is { } element)
            {
                try
                {
                    general = UsageRecordParser.Parse(element, Source);
                }
                catch (DomainException)
                {
                }
            }

            if (PlainUsageJson.TryParse(Encoding.UTF8.GetBytes(json), Source, out var fast))
            {
                fastAccepted++;
                Assert.True(general is not null, $"the fast path accepted what the general reader refuses: {json}");
                Assert.Equal(general, fast);
            }

            generalAccepted += general is null ? 0 : 1;
        }

        // Both readers accept a good share of the mutations (a changed digit, a dropped optional field), so the
        // comparison above ran on many records, not on a handful.
        Assert.InRange(fastAccepted, 1_000, generalAccepted);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(4_096)]
    [InlineData(1 << 20)]
    public async Task An_array_body_is_cut_into_its_elements_however_it_arrives(int chunk)
    {
        var records = Enumerable.Range(0, 300).Select(i => i % 50 == 7
            ? """ "not an object" """
            : $$"""{"recordId":"r-{{i}}","iccid":"89490000000000{{i:D5}}","timestamp":"2026-03-05T10:00:00Z","serviceType":"DATA","quantity":{{i}}.5,"unit":"KB","nested":[[{"a":"]}"}]]}""").ToList();
        var body = "\uFEFF \n[" + string.Join(",\n ", records) + "]\n ";
        var items = new List<string>();
        await foreach (var item in PushBodyReader.ReadJsonAsync(new TrickleStream(Encoding.UTF8.GetBytes(body), chunk), CancellationToken.None))
        {
            Assert.Equal(items.Count, item.Index);
            items.Add(Encoding.UTF8.GetString(item.Json));
        }

        Assert.Equal(records.Select(r => r.Trim()), items);
    }

    [Theory]
    [InlineData("""[{"recordId":"r-1"},""", "")]
    [InlineData("""[{"recordId":"r-1"}] x""", "after")]
    [InlineData("""[{"recordId":"r-1"}][]""", "after")]
    [InlineData("""[{"recordId":"r-1",}]""", "")]
    [InlineData("""[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]""", "depth")]
    public async Task A_body_that_is_not_one_JSON_array_is_refused_as_a_whole(string body, string hint)
    {
        var error = await Assert.ThrowsAnyAsync<JsonException>(async () =>
        {
            await foreach (var item in PushBodyReader.ReadJsonAsync(new TrickleStream(Encoding.UTF8.GetBytes(body), 5), CancellationToken.None))
            {
                Assert.NotNull(item.Json);
            }
        });
        Assert.Contains(hint, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Sixteen_levels_of_array_are_within_the_limit()
    {
        var items = new List<PushItem>();
        await foreach (var item in PushBodyReader.ReadJsonAsync(new TrickleStream("[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]"u8.ToArray(), 5), CancellationToken.None))
        {
            items.Add(item);
        }

        Assert.Equal("[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]", Encoding.UTF8.GetString(Assert.Single(items).Json));
    }

    private static MediatedUsage General(string json) => UsageRecordParser.Parse(TryElement(json)!.Value, Source);

    private static JsonElement? TryElement(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<JsonElement>(json, PushRecordReader.RecordJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>A body that hands out at most <c>chunk</c> bytes per read, as a slow network would.</summary>
    private sealed class TrickleStream(byte[] data, int chunk) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, chunk));

        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, chunk)]);

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            base.ReadAsync(buffer, offset, Math.Min(count, chunk), cancellationToken);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(buffer.Length, chunk)], cancellationToken);
    }
}
