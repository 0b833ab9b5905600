using System.Data.Common;

namespace NMcs.Storage.Resources;

/// <summary>Checks shared by the resource stores.</summary>
internal static class ResourceChecks
{
    public const int MaxNameLength = 64;

    /// <summary>A pool or other resource name: letters, digits, '.', '_', '-', starting with a letter or digit.</summary>
    public static string Name(string? value, string field)
    {
        var name = (value ?? string.Empty).Trim();
        if (name.Length is 0 or > MaxNameLength || !char.IsAsciiLetterOrDigit(name[0])
            || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c is not ('.' or '_' or '-')))
        {
            throw new DomainException("INVALID_NAME", field, $"{field} '{value}' must be 1 to {MaxNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit, e.g. de-iot-1.");
        }

        return name;
    }

    /// <summary>Refuses an owner that is empty or too long.</summary>
    public static string Owner(string? value, string field = "owner")
    {
        var owner = (value ?? string.Empty).Trim();
        if (owner.Length is 0 or > 200)
        {
            throw new DomainException("INVALID_OWNER", field, $"{field} must be 1 to 200 characters naming who holds the resource, e.g. an order id or a user.");
        }

        return owner;
    }

    /// <summary>Refuses an expiry that is not after now.</summary>
    public static void Expiry(DateTimeOffset? expiresAt, DateTimeOffset now, string field = "expiresAt")
    {
        if (expiresAt is { } at && at <= now)
        {
            throw new DomainException("INVALID_EXPIRY", field, $"{field} {at:O} is not after the platform time {now:O}; give a later instant or omit it for no expiry.");
        }
    }

    /// <summary>Refuses a customer id that is not in the customer index.</summary>
    public static async Task CustomerExistsAsync(DbConnection connection, DbTransaction transaction, string customerId, string field, CancellationToken cancellationToken)
    {
        await using var command = NMcsDatabase.Command(connection, transaction, "SELECT 1 FROM customers WHERE customer_id = @id", ("@id", customerId));
        if (await command.ExecuteScalarAsync(cancellationToken) is null)
        {
            throw new DomainException("UNKNOWN_CUSTOMER", field, $"{field} '{customerId}' does not exist; create the customer first.");
        }
    }

    public static string StateText(ResourceState state) => state switch
    {
        ResourceState.Free => "free",
        ResourceState.Reserved => "reserved",
        _ => "assigned",
    };

    public static ResourceState State(string text) => text switch
    {
        "free" => ResourceState.Free,
        "reserved" => ResourceState.Reserved,
        _ => ResourceState.Assigned,
    };

    /// <summary>A small JSON object of string values for audit details.</summary>
    public static string Detail(params (string Key, string? Value)[] values) =>
        System.Text.Json.JsonSerializer.Serialize(values.Where(v => v.Value is not null).ToDictionary(v => v.Key, v => v.Value));
}
