using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains;
using NMcs.Identifiers;
using NMcs.Storage;

namespace NMcs.Api.Ingestion;

/// <summary>
/// <c>POST /ingest/usage</c>: a JSON array or NDJSON of usage records. Every record is answered: rated, duplicate
/// (its id was accepted before, never charged twice) or rejected with field and reason. The answer is sent after
/// the rated records are committed to the usage ledger, so an acknowledged record survives a crash.
/// </summary>
public static class UsageIngestionEndpoint
{
    /// <summary>Most records accepted in one batch.</summary>
    public const int MaxRecords = 50_000;

    private const long MaxBodyBytes = 64L << 20;
    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    /// <summary>Handles one batch.</summary>
    public static async Task HandleAsync(HttpContext http, IGrainFactory grains, SimDirectory directory, [FromKeyedServices(PlatformClock.Key)] TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(grains);
        ArgumentNullException.ThrowIfNull(directory);
        ArgumentNullException.ThrowIfNull(clock);
        if (http.Request.ContentLength > MaxBodyBytes)
        {
            await ProblemAsync(http, StatusCodes.Status413PayloadTooLarge, $"body exceeds {MaxBodyBytes} bytes; split it into batches of at most {MaxRecords} records.");
            return;
        }

        var contentType = (http.Request.ContentType ?? "application/json").ToLowerInvariant();
        var ndjson = contentType.Contains("ndjson", StringComparison.Ordinal) || contentType.Contains("jsonl", StringComparison.Ordinal) || contentType.Contains("json-seq", StringComparison.Ordinal);
        if (!ndjson && !contentType.Contains("json", StringComparison.Ordinal))
        {
            await ProblemAsync(http, StatusCodes.Status415UnsupportedMediaType, "Content-Type must be application/json (an array of records) or application/x-ndjson (one record per line).");
            return;
        }

        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
        var body = buffer.GetBuffer().AsMemory(0, (int)buffer.Length);

        List<JsonElement?> elements;
        List<JsonDocument> documents = [];
        try
        {
            elements = ndjson ? SplitNdjson(body, documents) : SplitArray(body, documents, out _);
        }
        catch (JsonException e)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, "body is not valid JSON: " + e.Message + " Nothing was recorded.");
            return;
        }
        catch (FormatException e)
        {
            await ProblemAsync(http, StatusCodes.Status400BadRequest, e.Message + " Nothing was recorded.");
            return;
        }

        try
        {
            if (elements.Count > MaxRecords)
            {
                await ProblemAsync(http, StatusCodes.Status413PayloadTooLarge, $"batch has {elements.Count} records; send at most {MaxRecords} per request. Nothing was recorded.");
                return;
            }

            NMcsMetrics.IngestBatches.Inc();
            var now = clock.GetUtcNow();
            var outcomes = new List<UsageOutcome>(elements.Count);
            var valid = new List<UsageRecordIn>(elements.Count);
            for (var i = 0; i < elements.Count; i++)
            {
                if (elements[i] is not JsonElement element)
                {
                    outcomes.Add(UsageOutcome.Rejected(i, null, "record", $"record {i} is not valid JSON; send one JSON object per line."));
                    continue;
                }

                try
                {
                    var parsed = UsageRecordParser.Parse(element, now);
                    var iccid = await directory.ResolveAsync(parsed.SimId, parsed.SimField, http.RequestAborted);
                    if (iccid is null)
                    {
                        var hint = parsed.SimField == "iccid" ? IccidHint(parsed.SimId) : string.Empty;
                        outcomes.Add(UsageOutcome.Rejected(i, parsed.RecordId, parsed.SimField, $"{parsed.SimField} {parsed.SimId} is not a registered SIM{hint}; register it or correct the record."));
                        continue;
                    }

                    valid.Add(new UsageRecordIn(i, parsed.RecordId, iccid, parsed.Service, parsed.Quantity, parsed.Unit, parsed.BaseQuantity, parsed.Timestamp, parsed.DurationSeconds, parsed.Destination, parsed.VisitedNetwork, parsed.BaseUnitKnown));
                }
                catch (DomainException e)
                {
                    outcomes.Add(UsageOutcome.Rejected(i, UsageRecordParser.TryRecordId(element), e.Field, e.Message));
                }
            }

            // One call for the batch: the ingest grain groups it by paying account, so an account's records are
            // rated together in time order.
            var rated = valid.Count == 0 ? [] : await grains.GetGrain<IUsageIngestGrain>(0).Ingest(valid);
            outcomes.AddRange(rated);
            outcomes.Sort((a, b) => a.Index.CompareTo(b.Index));
            NMcsMetrics.CountOutcomes(outcomes);

            var response = new IngestResponse(
                outcomes.Count,
                outcomes.Count(o => o.Status == UsageOutcomeStatus.Rated),
                outcomes.Count(o => o.Status == UsageOutcomeStatus.Duplicate),
                outcomes.Count(o => o.Status == UsageOutcomeStatus.Rejected),
                outcomes.Where(o => o.Status == UsageOutcomeStatus.Rejected).Select(o => new IngestRejection(o.Index, o.RecordId, o.Field, o.Reason ?? "rejected")).ToList(),
                outcomes.Count(o => o.Status == UsageOutcomeStatus.Suspended));
            http.Response.StatusCode = StatusCodes.Status200OK;
            await http.Response.WriteAsJsonAsync(response, ResponseJson, http.RequestAborted);
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
        }
    }

    private static string IccidHint(string iccid)
    {
        try
        {
            SimIdentifiers.ValidateIccid(iccid);
            return string.Empty;
        }
        catch (DomainException e)
        {
            return " (" + e.Message + ")";
        }
    }

    private static List<JsonElement?> SplitArray(ReadOnlyMemory<byte> body, List<JsonDocument> documents, out int count)
    {
        var document = JsonDocument.Parse(body, new JsonDocumentOptions { MaxDepth = 16 });
        documents.Add(document);
        if (document.RootElement.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("body must be a JSON array of usage records, or NDJSON with Content-Type application/x-ndjson.");
        }

        var list = document.RootElement.EnumerateArray().Select(e => (JsonElement?)e).ToList();
        count = list.Count;
        return list;
    }

    private static List<JsonElement?> SplitNdjson(ReadOnlyMemory<byte> body, List<JsonDocument> documents)
    {
        var list = new List<JsonElement?>();
        var span = body;
        while (!span.IsEmpty)
        {
            var newline = span.Span.IndexOf((byte)'\n');
            var line = newline < 0 ? span : span[..newline];
            span = newline < 0 ? ReadOnlyMemory<byte>.Empty : span[(newline + 1)..];
            if (IsBlank(line.Span))
            {
                continue;
            }

            try
            {
                var document = JsonDocument.Parse(line, new JsonDocumentOptions { MaxDepth = 16 });
                documents.Add(document);
                list.Add(document.RootElement);
            }
            catch (JsonException)
            {
                list.Add(null);
            }
        }

        return list;
    }

    private static bool IsBlank(ReadOnlySpan<byte> line)
    {
        foreach (var b in line)
        {
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r'))
            {
                return false;
            }
        }

        return true;
    }

    private static async Task ProblemAsync(HttpContext http, int status, string message)
    {
        http.Response.StatusCode = status;
        await http.Response.WriteAsJsonAsync(new { error = message }, ResponseJson, http.RequestAborted);
    }
}
