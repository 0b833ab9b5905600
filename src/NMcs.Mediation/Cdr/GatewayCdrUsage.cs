using System.Globalization;

namespace NMcs.Mediation.Cdr;

/// <summary>
/// Turns a decoded PGW/SGW-CDR into <see cref="MediatedUsage"/>: one DATA record per rating-group container
/// (PGW listOfServiceData) or per traffic-volume container (SGW, or a PGW-CDR without service data).
/// </summary>
public static class GatewayCdrUsage
{
    /// <summary>Service code of the records.</summary>
    public const string Service = "DATA";

    /// <summary>Unit of the quantities: uplink + downlink octets.</summary>
    public const string Unit = "BYTES";

    /// <summary>
    /// Appends the usage of <paramref name="cdr"/> to <paramref name="usage"/>. Fails, appending nothing, when the
    /// record names no SIM (neither servedIMSI nor servedMSISDN).
    /// </summary>
    /// <remarks>
    /// Record ids are <c>{RecordKey}:{ratingGroup}</c> for service data; a rating group that appears again in the same
    /// record gets <c>.2</c>, <c>.3</c> ... appended. Traffic-volume records use the 0-based container index instead of
    /// the rating group. The time is the container's timeOfFirstUsage (service data) or changeTime (traffic volumes),
    /// else the record's opening time; the duration is the container's timeUsage, else the record's duration.
    /// </remarks>
    public static bool TryConvert(
        GatewayCdr cdr, RecordSource source, CdrDecoderOptions options, ICollection<MediatedUsage> usage, out CdrFieldError error)
    {
        ArgumentNullException.ThrowIfNull(cdr);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(usage);
        var (simField, simId) = cdr.ServedImsi is { } imsi ? ("imsi", imsi)
            : cdr.ServedMsisdn is { } msisdn ? ("msisdn", msisdn)
            : (null, null);
        if (simField is null || simId is null)
        {
            error = new CdrFieldError("servedIMSI", "neither servedIMSI nor servedMSISDN is present, so the SIM cannot be identified");
            return false;
        }

        error = default;
        var key = cdr.RecordKey;
        var recordNetwork = cdr.UserLocation?.Plmn ?? cdr.ServingNodePlmnId;
        if (cdr.ServiceData.Count > 0)
        {
            Dictionary<uint, int>? occurrences = null;
            foreach (var container in cdr.ServiceData)
            {
                var suffix = container.RatingGroup.ToString(CultureInfo.InvariantCulture);
                if (cdr.ServiceData.Count > 1)
                {
                    occurrences ??= [];
                    var seen = occurrences.GetValueOrDefault(container.RatingGroup) + 1;
                    occurrences[container.RatingGroup] = seen;
                    if (seen > 1)
                    {
                        suffix = string.Create(CultureInfo.InvariantCulture, $"{suffix}.{seen}");
                    }
                }

                usage.Add(new MediatedUsage(
                    $"{key}:{suffix}",
                    simField,
                    simId,
                    (container.TimeOfFirstUsage ?? cdr.RecordOpeningTime).ToUniversalTime(),
                    Service,
                    (decimal)(container.DataVolumeUplink ?? 0) + (container.DataVolumeDownlink ?? 0),
                    Unit,
                    container.TimeUsage ?? cdr.Duration,
                    null,
                    Visited(container.UserLocation?.Plmn ?? recordNetwork, options),
                    source));
            }
        }
        else
        {
            for (var index = 0; index < cdr.TrafficVolumes.Count; index++)
            {
                var container = cdr.TrafficVolumes[index];
                usage.Add(new MediatedUsage(
                    string.Create(CultureInfo.InvariantCulture, $"{key}:{index}"),
                    simField,
                    simId,
                    (container.ChangeTime ?? cdr.RecordOpeningTime).ToUniversalTime(),
                    Service,
                    (decimal)(container.DataVolumeUplink ?? 0) + (container.DataVolumeDownlink ?? 0),
                    Unit,
                    cdr.Duration,
                    null,
                    Visited(container.UserLocation?.Plmn ?? recordNetwork, options),
                    source));
            }
        }

        return true;
    }

    private static string? Visited(PlmnId? network, CdrDecoderOptions options) =>
        network is { } plmn && !options.IsHome(plmn) ? plmn.ToString() : null;
}
