using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using NMcs.Rating.Thresholds;

namespace NMcs.Storage;

/// <summary>
/// A threshold raised by a rated usage record: an allowance's use, or the usage charges of an account or SIM against
/// its limit, reached a percentage in a billing cycle. Raised once per cycle and threshold.
/// </summary>
/// <param name="EventId">Stable id derived from account, cycle and threshold (the same crossing always has the same id).</param>
/// <param name="Kind">What the threshold watches.</param>
/// <param name="AccountId">The account whose record crossed it.</param>
/// <param name="Iccid">The SIM of a per-SIM threshold (SIM allowance, SIM charge limit); null for account thresholds.</param>
/// <param name="AllowanceId">The allowance of an allowance threshold; null for charge limits.</param>
/// <param name="Percent">The percentage crossed, e.g. 80.</param>
/// <param name="Threshold">The absolute value crossed: <paramref name="Limit"/> × <paramref name="Percent"/> / 100, in <paramref name="Unit"/>.</param>
/// <param name="Limit">The 100 % value: the allowance's quantity, or the limit amount.</param>
/// <param name="Value">The counter just after the crossing record: allowance used, or the cycle's usage charges (unrounded).</param>
/// <param name="Unit">The allowance's unit (e.g. MB), or the account's currency code.</param>
/// <param name="Period">The billing cycle key, e.g. 2026-03.</param>
/// <param name="RecordId">The usage record that crossed the threshold.</param>
/// <param name="OccurredAt">When that record's usage happened.</param>
/// <param name="RaisedAt">Platform time at which the record was rated and the event raised.</param>
/// <param name="Sequence">Position in the order events were raised, across all accounts; assigned when stored (0 before).</param>
public sealed record ThresholdEvent(
    string EventId,
    ThresholdKind Kind,
    string AccountId,
    string? Iccid,
    string? AllowanceId,
    decimal Percent,
    decimal Threshold,
    decimal Limit,
    decimal Value,
    string Unit,
    string Period,
    string RecordId,
    DateTimeOffset OccurredAt,
    DateTimeOffset RaisedAt,
    long Sequence = 0)
{
    /// <summary>The threshold this event raised.</summary>
    public ThresholdKey Key => new(Kind, Iccid ?? string.Empty, AllowanceId ?? string.Empty, Limit, Unit, Percent);

    /// <summary>The event of <paramref name="crossing"/> on <paramref name="accountId"/>, raised at <paramref name="raisedAt"/>.</summary>
    public static ThresholdEvent From(string accountId, ThresholdCrossing crossing, DateTimeOffset raisedAt)
    {
        ArgumentNullException.ThrowIfNull(crossing);
        var key = crossing.Key;
        return new ThresholdEvent(
            IdOf(accountId, crossing.CycleKey, key),
            key.Kind,
            accountId,
            crossing.Iccid,
            key.Subject.Length == 0 ? null : key.Subject,
            key.Percent,
            key.Threshold,
            key.Limit,
            crossing.Value,
            key.Unit,
            crossing.CycleKey,
            crossing.RecordId,
            crossing.OccurredAt,
            raisedAt);
    }

    /// <summary>
    /// The event id of threshold <paramref name="key"/> in <paramref name="period"/> of <paramref name="accountId"/>:
    /// <c>THR-</c> and 20 hex digits of a SHA-256 over the parts (decimals without trailing zeros, so 80 and 80.0 agree).
    /// </summary>
    public static string IdOf(string accountId, string period, ThresholdKey key)
    {
        var text = string.Join(
            '\n',
            accountId,
            period,
            key.Kind.ToString(),
            key.Owner,
            key.Subject,
            Canonical(key.Limit),
            key.Unit,
            Canonical(key.Percent));
        return "THR-" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)), 0, 10);
    }

    private static string Canonical(decimal value) => value.ToString("0.############################", CultureInfo.InvariantCulture);
}
