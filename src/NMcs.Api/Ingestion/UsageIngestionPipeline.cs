using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Abstractions.Contracts;
using NMcs.Abstractions.Grains;
using NMcs.Grains;
using NMcs.Identifiers;
using NMcs.Mediation;
using NMcs.Storage;

namespace NMcs.Api.Ingestion;

/// <summary>
/// The one normalisation pipeline every collector hands its records to (the HTTP push endpoint, file collectors,
/// reprocessing): validate → normalise units → enrich (SIM by ICCID, IMSI or MSISDN) → de-duplicate → rate. Every
/// candidate gets an outcome; rejects go to the reject store, and the batch's counts to the reconciliation
/// (<c>ingest_batches</c>). It answers only after the rated records are committed to the usage ledger (the account
/// grains write it before they return), so an acknowledged record survives a crash.
/// </summary>
public sealed class UsageIngestionPipeline(
    IGrainFactory grains,
    SimDirectory directory,
    RejectedUsageStore rejects,
    IngestBatchStore batches,
    IngestionAdmission admission,
    [FromKeyedServices(PlatformClock.Key)] TimeProvider clock)
{
    /// <summary>Most candidates in one call (a push request; a file is handed over in parts of at most this).</summary>
    public const int MaxRecords = 50_000;

    private static readonly JsonSerializerOptions UsageJson = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Runs <paramref name="candidates"/> of <paramref name="source"/> through the pipeline: rates what is valid,
    /// stores every rejection (once per record id, or per source + position + raw text when there is no usable id),
    /// adds the counts to the batch <see cref="IngestSource.BatchId"/>, and returns one outcome per candidate in order.
    /// </summary>
    public async Task<IngestBatchResult> IngestAsync(IngestSource source, IReadOnlyList<IngestCandidate> candidates, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(candidates);
        if (source.Kind == IngestSourceKind.Reprocess)
        {
            throw new ArgumentException("reprocessing goes through ReprocessAsync.", nameof(source));
        }

        if (string.IsNullOrWhiteSpace(source.Name) || string.IsNullOrWhiteSpace(source.BatchId) || source.BatchId.Length > 256)
        {
            throw new ArgumentException("a source needs a name and a batch id of at most 256 characters.", nameof(source));
        }

        if (candidates.Count > MaxRecords)
        {
            throw new ArgumentException($"at most {MaxRecords} candidates per call; hand a file over in parts under the same batch id.", nameof(candidates));
        }

        var outcomes = await RunAsync(candidates, cancellationToken);
        var now = clock.GetUtcNow();
        var entries = new List<RejectedUsageEntry>();
        for (var i = 0; i < candidates.Count; i++)
        {
            if (outcomes[i].Status == UsageOutcomeStatus.Rejected)
            {
                entries.Add(Entry(source, candidates[i], outcomes[i]));
            }
        }

        // Rated records are committed by now: the books follow them even if the caller has gone away.
        IngestionMetrics.RejectsStored.Inc(await rejects.AddAsync(entries, now, CancellationToken.None));
        var result = new IngestBatchResult(source, outcomes);
        await batches.RecordAsync(source.BatchId, source.KindText, source.Name, result.Rated, result.Duplicate, result.Rejected, result.Suspended, now, CancellationToken.None);
        Count(source.Kind, outcomes);
        return result;
    }

    /// <summary>
    /// Runs stored rejects through the pipeline again — the ones named by <paramref name="rejectIds"/>, or every
    /// reject of <paramref name="sourceName"/> not reprocessed successfully yet, oldest first (at most
    /// <see cref="MaxRecords"/>, and at most what may be in flight) — e.g. after their SIM was registered. A pushed
    /// reject is read again from its raw text, a file reject from its parsed record; a record that rates now is
    /// charged once (a second run answers duplicate). Each reject is marked reprocessed or still rejected, and the run
    /// is recorded as a batch of source kind reprocess.
    /// </summary>
    public async Task<ReprocessResult> ReprocessAsync(IReadOnlyCollection<long>? rejectIds, string? sourceName, CancellationToken cancellationToken = default)
    {
        if ((rejectIds is null) == (sourceName is null))
        {
            throw new DomainException("INVALID_ARGUMENT", "ids", "give either ids (rejects listed by rejectedUsage) or source (the rejects of a network element or file not reprocessed successfully yet), not both or neither.");
        }

        IReadOnlyList<RejectedUsage> selected;
        if (rejectIds is not null)
        {
            if (rejectIds.Count is 0 or > MaxRecords)
            {
                throw new DomainException("INVALID_ARGUMENT", "ids", $"ids must name 1 to {MaxRecords} rejects.");
            }

            selected = await rejects.FindAsync(rejectIds, cancellationToken);
            var missing = rejectIds.Except(selected.Select(r => r.Id)).Take(10).ToList();
            if (missing.Count > 0)
            {
                throw new DomainException("UNKNOWN_REJECT", "ids", $"no rejected usage has id {string.Join(", ", missing)}; list them with the rejectedUsage query.");
            }
        }
        else
        {
            selected = await rejects.PendingAsync(sourceName!, Math.Min(MaxRecords, admission.Limit), cancellationToken);
        }

        var source = new IngestSource(IngestSourceKind.Reprocess, sourceName ?? "ids", NewBatchId(IngestSourceKind.Reprocess));
        if (selected.Count == 0)
        {
            // Nothing pending: answer with an empty run, not recorded.
            var at = clock.GetUtcNow();
            return new ReprocessResult(new IngestBatch(source.BatchId, source.KindText, source.Name, at, at, 0, 0, 0, 0, 0), []);
        }

        using var lease = admission.OpenLease();
        if (!lease.TryAdd(selected.Count))
        {
            throw new DomainException("INGESTION_BUSY", null, $"ingestion holds its maximum of {admission.Limit} records in flight; reprocess again in a moment or name fewer ids.");
        }

        var candidates = selected.Select((reject, i) => Candidate(reject, source.BatchId, i)).ToList();
        var outcomes = await RunAsync(candidates, cancellationToken);
        var now = clock.GetUtcNow();
        var resolutions = selected.Select((reject, i) => new RejectResolution(
            reject.Id,
            outcomes[i].Status != UsageOutcomeStatus.Rejected,
            Outcome(outcomes[i].Status),
            outcomes[i].Field,
            outcomes[i].Reason,
            outcomes[i].Iccid)).ToList();
        await rejects.ResolveAsync(resolutions, source.BatchId, now, CancellationToken.None);
        var result = new IngestBatchResult(source, outcomes);
        await batches.RecordAsync(source.BatchId, source.KindText, source.Name, result.Rated, result.Duplicate, result.Rejected, result.Suspended, now, CancellationToken.None);
        Count(source.Kind, outcomes);
        var batch = await batches.FindAsync(source.BatchId, cancellationToken)
            ?? throw new InvalidOperationException($"batch {source.BatchId} was not recorded.");
        return new ReprocessResult(batch, await rejects.FindAsync(selected.Select(r => r.Id).ToList(), cancellationToken));
    }

    /// <summary>A new batch id: kind, platform time and a random part, e.g. <c>push-20260320T100000123Z-1f0c9a7e</c>.</summary>
    public string NewBatchId(IngestSourceKind kind) =>
        string.Create(CultureInfo.InvariantCulture, $"{IngestSource.KindName(kind)}-{clock.GetUtcNow().UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}");

    /// <summary>The lower-case outcome name stored and exported: rated, duplicate, rejected or suspended.</summary>
    public static string Outcome(UsageOutcomeStatus status) => status switch
    {
        UsageOutcomeStatus.Rated => "rated",
        UsageOutcomeStatus.Duplicate => "duplicate",
        UsageOutcomeStatus.Suspended => "suspended",
        _ => "rejected",
    };

    private async Task<IngestRecordOutcome[]> RunAsync(IReadOnlyList<IngestCandidate> candidates, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var outcomes = new IngestRecordOutcome[candidates.Count];
        var iccids = new string?[candidates.Count];
        var valid = new List<UsageRecordIn>(candidates.Count);
        var seen = new RecordIdSet(candidates.Count);
        var unregistered = await PrefetchSimsAsync(candidates, cancellationToken);
        for (var i = 0; i < candidates.Count; i++)
        {
            var candidate = candidates[i];
            if (candidate.Usage is not { } usage)
            {
                var reject = candidate.Reject!;
                outcomes[i] = Rejected(candidate, candidate.RecordId, reject.Field, reject.Reason, null);
                continue;
            }

            try
            {
                // validate + normalise units
                var normal = UsageValidation.Normalise(usage, now);

                // enrich: the SIM, named by any of its identifiers, to its ICCID (the grain path is keyed by it)
                var simId = usage.SimId.Trim();
                var iccid = unregistered.Contains((usage.SimField, simId)) ? null : await directory.ResolveAsync(simId, usage.SimField, cancellationToken);
                if (iccid is null)
                {
                    var hint = usage.SimField == "iccid" ? IccidHint(usage.SimId) : string.Empty;
                    outcomes[i] = Rejected(candidate, usage.RecordId, usage.SimField, $"{usage.SimField} {usage.SimId} is not a registered SIM{hint}; register it or correct the record.", null);
                    continue;
                }

                iccids[i] = iccid;

                // de-duplicate within the batch; against earlier batches the account grain checks the ledger
                if (!seen.Add(usage.RecordId))
                {
                    outcomes[i] = new IngestRecordOutcome(candidate.Position, usage.RecordId, UsageOutcomeStatus.Duplicate, null, null, null, iccid, candidate.Line);
                    continue;
                }

                valid.Add(new UsageRecordIn(
                    i,
                    usage.RecordId,
                    iccid,
                    normal.Service,
                    usage.Quantity,
                    normal.Unit,
                    normal.BaseQuantity,
                    usage.Timestamp.ToUniversalTime(),
                    usage.DurationSeconds,
                    usage.Destination,
                    usage.VisitedNetwork,
                    normal.BaseUnitKnown));
            }
            catch (DomainException e)
            {
                outcomes[i] = Rejected(candidate, usage.RecordId, e.Field, e.Message, null);
            }
        }

        // rate: one call for the batch; the ingest grain groups it by paying account, so an account's records are
        // rated together in time order, and answers after the ledger commit.
        if (valid.Count > 0)
        {
            foreach (var rated in await grains.GetGrain<IUsageIngestGrain>(0).Ingest(valid))
            {
                var candidate = candidates[rated.Index];
                outcomes[rated.Index] = rated.Status == UsageOutcomeStatus.Rejected
                    ? Rejected(candidate, rated.RecordId, rated.Field, rated.Reason ?? "rejected", iccids[rated.Index])
                    : new IngestRecordOutcome(candidate.Position, rated.RecordId, rated.Status, rated.Field, rated.Reason, rated.Amount, iccids[rated.Index], candidate.Line);
            }
        }

        return outcomes;
    }

    // The batch's SIM identifiers not resolved before, looked up together per kind (see SimDirectory.PrefetchAsync);
    // answers those no SIM has, by kind.
    private async Task<HashSet<(string Field, string Id)>> PrefetchSimsAsync(IReadOnlyList<IngestCandidate> candidates, CancellationToken cancellationToken)
    {
        var unregistered = new HashSet<(string Field, string Id)>();
        foreach (var group in candidates.Where(c => c.Usage is not null).GroupBy(c => c.Usage!.SimField, StringComparer.Ordinal))
        {
            foreach (var id in await directory.PrefetchAsync(group.Key, group.Select(c => c.Usage!.SimId.Trim()), cancellationToken))
            {
                unregistered.Add((group.Key, id));
            }
        }

        return unregistered;
    }

    private static IngestRecordOutcome Rejected(IngestCandidate candidate, string? recordId, string? field, string reason, string? iccid) =>
        new(candidate.Position, recordId, UsageOutcomeStatus.Rejected, candidate.SourceField(field), reason, null, iccid, candidate.Line);

    private static RejectedUsageEntry Entry(IngestSource source, IngestCandidate candidate, IngestRecordOutcome outcome)
    {
        var raw = candidate.RawText;
        var recordId = outcome.RecordId;
        var usable = !string.IsNullOrWhiteSpace(recordId) && recordId.Length <= UsageValidation.MaxRecordIdLength;

        // Record ids are unique across all sources (the ledger's key), so a record refused again — the same batch
        // re-sent, a file read again — finds its row by id. Without a usable id the position in the source and the
        // raw text identify it.
        var key = usable
            ? "record:" + recordId
            : string.Create(CultureInfo.InvariantCulture, $"at:{source.KindText}:{source.Name}:{candidate.Position}:{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw ?? string.Empty)))}");
        return new RejectedUsageEntry(
            key,
            recordId,
            source.KindText,
            source.Name,
            source.BatchId,
            candidate.Position,
            outcome.Field,
            outcome.Reason ?? "rejected",
            raw,
            candidate.Usage is { } usage ? JsonSerializer.Serialize(usage, UsageJson) : null,
            candidate.Usage?.SimField,
            candidate.Usage?.SimId,
            outcome.Iccid);
    }

    private static IngestCandidate Candidate(RejectedUsage reject, string batchId, int index)
    {
        if (reject.SourceKind == IngestSource.KindName(IngestSourceKind.Push) && reject.Raw is { } raw)
        {
            // Read again from what the element sent, so a reader fix applies too.
            return PushRecordReader.Read(raw, batchId, index);
        }

        if (reject.Usage is { } json && JsonSerializer.Deserialize<MediatedUsage>(json, UsageJson) is { } usage)
        {
            return new IngestCandidate(index, usage with { Source = new RecordSource(batchId, index) });
        }

        // A file record its collector could not read: only a corrected file sent again can fix it.
        return new IngestCandidate(index, new SourceReject(new RecordSource(batchId, index), reject.Field ?? "record", reject.Reason, reject.Raw))
        {
            RecordId = reject.RecordId,
        };
    }

    private static void Count(IngestSourceKind kind, IReadOnlyList<IngestRecordOutcome> outcomes)
    {
        var kindText = IngestSource.KindName(kind);
        IngestionMetrics.Batches.WithLabels(kindText).Inc();
        foreach (var group in outcomes.GroupBy(o => o.Status))
        {
            IngestionMetrics.Records.WithLabels(kindText, Outcome(group.Key)).Inc(group.Count());
        }

        if (kind != IngestSourceKind.Reprocess)
        {
            // The platform-wide counters count each received record once; reprocessing is in the pipeline metric.
            NMcsMetrics.IngestBatches.Inc();
            NMcsMetrics.CountOutcomes(outcomes.Select(o => new UsageOutcome(0, o.RecordId, o.Status, o.Field, o.Reason, o.Amount)));
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
}
