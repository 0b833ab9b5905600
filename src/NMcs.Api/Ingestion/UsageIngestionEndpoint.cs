using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using NMcs.Abstractions.Contracts;

namespace NMcs.Api.Ingestion;

/// <summary>
/// <c>POST /ingest/usage</c>, the push collector: a JSON array, NDJSON, or TMF635 Usage resources, optionally
/// <c>Content-Encoding: gzip</c>, read as a stream into pipeline candidates (<see cref="UsageIngestionPipeline"/>).
/// Every record is answered: rated, duplicate (its id was accepted before, never charged twice) or rejected with
/// field and reason. The answer is sent after the rated records are committed to the usage ledger, so an
/// acknowledged record survives a crash. A request refused as a whole (401, 403, 413, 415, 429, 400) records nothing.
/// </summary>
public static class UsageIngestionEndpoint
{
    /// <summary>Most records accepted in one batch.</summary>
    public const int MaxRecords = UsageIngestionPipeline.MaxRecords;

    private static readonly JsonSerializerOptions ResponseJson = new(JsonSerializerDefaults.Web);

    /// <summary>Handles one batch.</summary>
    public static async Task HandleAsync(
        HttpContext http,
        UsageIngestionPipeline pipeline,
        NetworkElementRegistry networkElements,
        IngestionAdmission admission,
        IOptions<IngestionOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(networkElements);
        ArgumentNullException.ThrowIfNull(admission);
        ArgumentNullException.ThrowIfNull(options);
        var settings = options.Value;
        var check = networkElements.Authenticate(http.Request);
        if (check.Refusal is { } refused)
        {
            if (refused.Status == StatusCodes.Status401Unauthorized)
            {
                http.Response.Headers.WWWAuthenticate = "ApiKey realm=\"nmcs-ingestion\"";
            }

            await RefuseAsync(http, refused);
            return;
        }

        if (http.Request.ContentLength > settings.MaxBodyBytes)
        {
            await RefuseAsync(http, new IngestRefusal(StatusCodes.Status413PayloadTooLarge, "too_large", $"body exceeds {settings.MaxBodyBytes} bytes; split it into batches of at most {MaxRecords} records. Nothing was recorded."));
            return;
        }

        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = settings.MaxBodyBytes;
        }

        var contentType = (http.Request.ContentType ?? "application/json").ToLowerInvariant();
        var ndjson = contentType.Contains("ndjson", StringComparison.Ordinal) || contentType.Contains("jsonl", StringComparison.Ordinal) || contentType.Contains("json-seq", StringComparison.Ordinal);
        if (!ndjson && !contentType.Contains("json", StringComparison.Ordinal))
        {
            await RefuseAsync(http, new IngestRefusal(StatusCodes.Status415UnsupportedMediaType, "unsupported", "Content-Type must be application/json (an array of records or TMF635 Usage resources) or application/x-ndjson (one record per line). Nothing was recorded."));
            return;
        }

        var encoding = http.Request.Headers.ContentEncoding.ToString().Trim().ToLowerInvariant();
        if (encoding is not ("" or "identity" or "gzip" or "x-gzip"))
        {
            await RefuseAsync(http, new IngestRefusal(StatusCodes.Status415UnsupportedMediaType, "unsupported", $"Content-Encoding '{encoding}' is not supported; send gzip or an uncompressed body. Nothing was recorded."));
            return;
        }

        var raw = encoding is "gzip" or "x-gzip" ? new GZipStream(http.Request.Body, CompressionMode.Decompress, leaveOpen: true) : http.Request.Body;
        await using var body = new BoundedReadStream(raw, settings.MaxBodyBytes);
        using var lease = admission.OpenLease();
        var sourceName = check.Element?.Id ?? NetworkElementRegistry.AnonymousSource;
        var batchId = pipeline.NewBatchId(IngestSourceKind.Push);
        var candidates = new List<IngestCandidate>();
        var refusal = await ReadAsync(http, body, ndjson, batchId, candidates, lease, admission, settings);
        if (refusal is not null)
        {
            await RefuseAsync(http, refusal);
            return;
        }

        var result = await pipeline.IngestAsync(new IngestSource(IngestSourceKind.Push, sourceName, batchId), candidates, http.RequestAborted);
        if (check.Element is { } element)
        {
            foreach (var group in result.Outcomes.GroupBy(o => o.Status))
            {
                IngestionMetrics.NetworkElementRecords.WithLabels(element.Id, UsageIngestionPipeline.Outcome(group.Key)).Inc(group.Count());
            }
        }

        var response = new IngestResponse(
            result.Received,
            result.Rated,
            result.Duplicate,
            result.Rejected,
            result.Outcomes
                .Where(o => o.Status == UsageOutcomeStatus.Rejected)
                .Select(o => new IngestRejection((int)o.Position, o.RecordId, o.Field, o.Reason ?? "rejected", o.Line))
                .ToList(),
            result.Suspended,
            batchId,
            sourceName);
        http.Response.StatusCode = StatusCodes.Status200OK;
        await http.Response.WriteAsJsonAsync(response, ResponseJson, http.RequestAborted);
    }

    /// <summary>Reads the body into candidates, taking an in-flight slot per record; a refusal when it cannot.</summary>
    private static async Task<IngestRefusal?> ReadAsync(
        HttpContext http, Stream body, bool ndjson, string batchId, List<IngestCandidate> candidates, IngestionLease lease, IngestionAdmission admission, IngestionOptions settings)
    {
        try
        {
            var items = ndjson ? PushBodyReader.ReadNdjsonAsync(body, http.RequestAborted) : PushBodyReader.ReadJsonAsync(body, http.RequestAborted);
            await foreach (var item in items)
            {
                if (candidates.Count == MaxRecords)
                {
                    return new IngestRefusal(StatusCodes.Status413PayloadTooLarge, "too_large", $"batch has more than {MaxRecords} records; send at most {MaxRecords} per request. Nothing was recorded.");
                }

                if (!lease.TryAdd(1))
                {
                    if (lease.Held + 1 > admission.Limit)
                    {
                        return new IngestRefusal(StatusCodes.Status413PayloadTooLarge, "too_large", $"batch has more than {admission.Limit} records, the most this platform holds in flight (NMcs:Ingestion:MaxRecordsInFlight); send smaller batches. Nothing was recorded.");
                    }

                    http.Response.Headers.RetryAfter = settings.RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                    return new IngestRefusal(StatusCodes.Status429TooManyRequests, "busy", $"ingestion is at its bound of {admission.Limit} records in flight; send the batch again after {settings.RetryAfterSeconds} s. Nothing was recorded.");
                }

                candidates.Add(PushRecordReader.Read(item.Json, batchId, item.Index, item.Line));
            }

            return null;
        }
        catch (JsonException e)
        {
            return new IngestRefusal(StatusCodes.Status400BadRequest, "bad_request", "body is not valid JSON: " + e.Message + " Nothing was recorded.");
        }
        catch (FormatException e)
        {
            return new IngestRefusal(StatusCodes.Status400BadRequest, "bad_request", e.Message + " Nothing was recorded.");
        }
        catch (InvalidDataException e)
        {
            return new IngestRefusal(StatusCodes.Status400BadRequest, "bad_request", "body is not valid gzip (Content-Encoding: gzip): " + e.Message + " Nothing was recorded.");
        }
        catch (IngestBodyTooLargeException e)
        {
            return new IngestRefusal(StatusCodes.Status413PayloadTooLarge, "too_large", e.Message + " Nothing was recorded.");
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new IngestRefusal(StatusCodes.Status413PayloadTooLarge, "too_large", $"body exceeds {settings.MaxBodyBytes} bytes; split it into smaller batches. Nothing was recorded.");
        }
    }

    private static async Task RefuseAsync(HttpContext http, IngestRefusal refusal)
    {
        IngestionMetrics.Refused.WithLabels(refusal.Reason).Inc();
        http.Response.StatusCode = refusal.Status;
        http.Response.ContentType = "application/problem+json";
        await http.Response.WriteAsJsonAsync(
            new { error = refusal.Message, status = refusal.Status, title = ReasonTitle(refusal.Reason) },
            ResponseJson,
            "application/problem+json",
            http.RequestAborted);
    }

    private static string ReasonTitle(string reason) => reason switch
    {
        "unauthorized" => "missing or unknown API key",
        "forbidden" => "network element not allowed from this address",
        "too_large" => "batch too large",
        "busy" => "ingestion busy",
        "unsupported" => "unsupported media type or encoding",
        _ => "bad request",
    };
}
