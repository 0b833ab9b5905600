using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using NMcs.Identifiers;

namespace NMcs.Bench;

/// <summary>
/// The synthetic fleet and its usage: deterministic identifiers (valid Luhn ICCIDs, 15-digit IMSIs, 13-digit
/// MSISDNs) and DATA records spread round-robin over the SIMs, serialized as the JSON arrays the network sends.
/// </summary>
internal static class UsageWorkload
{
    /// <summary>First usage instant; records spread over 17 days from here (2026-03-02 .. 2026-03-18T23:59:59Z).</summary>
    public static readonly DateTimeOffset UsageStart = new(2026, 3, 2, 0, 0, 0, TimeSpan.Zero);

    private const int UsageSpanSeconds = 17 * 86_400;

    /// <summary>ICCID of SIM <paramref name="i"/>: 89 49 0 + 13-digit serial + Luhn digit = 19 digits.</summary>
    public static string Iccid(int i)
    {
        var payload = "89490" + i.ToString("D13", System.Globalization.CultureInfo.InvariantCulture);
        return payload + Luhn.CheckDigit(payload);
    }

    /// <summary>IMSI of SIM <paramref name="i"/>: MCC 262, MNC 01, 10-digit MSIN.</summary>
    public static string Imsi(int i) => "26201" + i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>MSISDN of SIM <paramref name="i"/>: +49 1 and 10 digits (13 digits).</summary>
    public static string Msisdn(int i) => "491" + i.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    public static string CustomerId(int j) => "bench-c" + j.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

    public static string RecordId(string run, long n) => run + "-" + n.ToString("D10", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>
    /// Serializes <paramref name="events"/> records, <paramref name="batch"/> per JSON array. Record n belongs to
    /// SIM n mod sims; its timestamp and KB quantity are scattered deterministically.
    /// </summary>
    public static List<Batch> Serialize(string run, int sims, long events, int batch, string[] iccids)
    {
        var batches = new List<Batch>((int)((events + batch - 1) / batch));
        var buffer = new ArrayBufferWriter<byte>(batch * 160);
        for (long first = 0; first < events; first += batch)
        {
            var count = (int)Math.Min(batch, events - first);
            buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                for (var k = 0; k < count; k++)
                {
                    var n = first + k;
                    writer.WriteStartObject();
                    writer.WriteString("recordId", RecordId(run, n));
                    writer.WriteString("iccid", iccids[(int)(n % sims)]);
                    writer.WriteString("timestamp", UsageStart.AddSeconds((n * 7_919) % UsageSpanSeconds).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
                    writer.WriteString("serviceType", "DATA");
                    writer.WriteNumber("quantity", 1 + ((n * 31) % 2_048));
                    writer.WriteString("unit", "KB");
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            }

            batches.Add(new Batch(buffer.WrittenSpan.ToArray(), count, RecordId(run, first + count - 1)));
        }

        return batches;
    }

    /// <summary>
    /// The no-I/O baseline: one thread parses every payload with <see cref="Utf8JsonReader"/> (all fields read, the
    /// ICCID materialised as a string, the quantity as a decimal) and sums quantities per SIM in a dictionary.
    /// Repeats passes over all payloads until <paramref name="minSeconds"/> have passed (at least 3 passes) and
    /// returns the best and the median pass rate in events per second: the best is the least disturbed by the idle
    /// host's background work in the same process, and makes the ratio conservative.
    /// </summary>
    public static (double BestEventsPerSecond, double MedianEventsPerSecond, int Passes, long Checksum) Baseline(IReadOnlyList<Batch> batches, double minSeconds)
    {
        var total = Stopwatch.StartNew();
        var rates = new List<double>();
        long checksum = 0;
        while (rates.Count < 3 || total.Elapsed.TotalSeconds < minSeconds)
        {
            var pass = Stopwatch.StartNew();
            var totals = new Dictionary<string, decimal>(StringComparer.Ordinal);
            long events = 0;
            foreach (var batch in batches)
            {
                events += ParseAndSum(batch.Payload, totals);
            }

            rates.Add(events / pass.Elapsed.TotalSeconds);
            checksum = totals.Count + (long)totals.Values.Sum();
        }

        rates.Sort();
        return (rates[^1], rates[rates.Count / 2], rates.Count, checksum);
    }

    private static int ParseAndSum(byte[] payload, Dictionary<string, decimal> totals)
    {
        var reader = new Utf8JsonReader(payload);
        var records = 0;
        string? iccid = null;
        string? recordId = null;
        string? timestamp = null;
        string? service = null;
        string? unit = null;
        decimal quantity = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    iccid = recordId = timestamp = service = unit = null;
                    quantity = 0;
                    break;
                case JsonTokenType.PropertyName:
                    if (reader.ValueTextEquals("recordId"u8))
                    {
                        reader.Read();
                        recordId = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("iccid"u8))
                    {
                        reader.Read();
                        iccid = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("timestamp"u8))
                    {
                        reader.Read();
                        timestamp = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("serviceType"u8))
                    {
                        reader.Read();
                        service = reader.GetString();
                    }
                    else if (reader.ValueTextEquals("quantity"u8))
                    {
                        reader.Read();
                        quantity = reader.GetDecimal();
                    }
                    else if (reader.ValueTextEquals("unit"u8))
                    {
                        reader.Read();
                        unit = reader.GetString();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }

                    break;
                case JsonTokenType.EndObject:
                    if (iccid is not null && recordId is not null && timestamp is not null && service is not null && unit is not null)
                    {
                        ref var total = ref System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(totals, iccid, out _);
                        total += quantity;
                        records++;
                    }

                    break;
            }
        }

        return records;
    }

    /// <summary>One serialized request body.</summary>
    internal sealed record Batch(byte[] Payload, int Records, string LastRecordId);
}
