using System.Buffers;
using System.Globalization;
using Microsoft.Extensions.Options;
using NMcs.Provisioning.Contracts;

namespace NMcs.Provisioning;

/// <summary>
/// Checks the element list before the gateway starts. Every error names its key and the fix, e.g.
/// <c>NMcs:Provisioning:Elements:1:Port must be 1–65535</c>.
/// </summary>
public sealed class ProvisioningOptionsValidator : IValidateOptions<ProvisioningOptions>
{
    private static readonly TimeSpan MinimumBreakerWindow = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan MinimumCommandTimeout = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan MaximumDuration = TimeSpan.FromDays(1);
    private static readonly SearchValues<char> LoginDelimiters = SearchValues.Create(";:,\"\r\n");

    private readonly HashSet<NeProtocol> _protocols;

    /// <summary>Creates the validator for the adapter factories registered in DI.</summary>
    public ProvisioningOptionsValidator(IEnumerable<INetworkElementAdapterFactory> factories)
    {
        ArgumentNullException.ThrowIfNull(factories);
        _protocols = [.. factories.Select(f => f.Protocol)];
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ProvisioningOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.BindingErrors.Concat(Check(options.Elements, _protocols, options.ElementsPath, options.ElementPaths)).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>The errors in an element list; empty when it is valid.</summary>
    /// <param name="elements">The elements.</param>
    /// <param name="protocols">The protocols an adapter factory is registered for.</param>
    /// <param name="path">The configuration path of the list, e.g. <c>NMcs:Provisioning:Elements</c>.</param>
    /// <param name="elementPaths">The configuration path of each element, when known; else <c>path:index</c>.</param>
    public static IReadOnlyList<string> Check(
        IEnumerable<NetworkElementOptions> elements,
        IReadOnlySet<NeProtocol> protocols,
        string path,
        IReadOnlyList<string>? elementPaths = null)
    {
        ArgumentNullException.ThrowIfNull(elements);
        ArgumentNullException.ThrowIfNull(protocols);
        var errors = new List<string>();
        var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var index = 0;
        foreach (var e in elements)
        {
            var key = elementPaths is not null && index < elementPaths.Count
                ? elementPaths[index]
                : string.Create(CultureInfo.InvariantCulture, $"{path}:{index}");
            void Fail(string message) => errors.Add($"{key}:{message}");

            if (string.IsNullOrWhiteSpace(e.Id))
            {
                Fail("Id is required: give the element a unique id such as \"hlr-1\"");
            }
            else if (seen.TryGetValue(e.Id, out var first))
            {
                Fail($"Id '{e.Id}' is a duplicate of {first}:Id; element ids must be unique");
            }
            else
            {
                seen[e.Id] = key;
            }

            if (!Enum.IsDefined(e.Protocol))
            {
                Fail($"Protocol '{e.Protocol}' is unknown; use one of {string.Join(", ", Enum.GetNames<NeProtocol>())}");
            }
            else if (!protocols.Contains(e.Protocol))
            {
                Fail($"Protocol: no adapter factory is registered for protocol {e.Protocol}; register an INetworkElementAdapterFactory for it or use one of {string.Join(", ", protocols.Order())}");
            }

            if (string.IsNullOrWhiteSpace(e.Host))
            {
                Fail("Host is required (a host name or IP address)");
            }

            if (e.Port is < 1 or > 65535)
            {
                Fail("Port must be 1–65535");
            }

            if (e.PoolSize is < 1 or > 1024)
            {
                Fail("PoolSize must be 1–1024");
            }

            if (e.ConnectTimeout <= TimeSpan.Zero || e.ConnectTimeout > MaximumDuration)
            {
                Fail("ConnectTimeout must be more than 0 and at most 1 day (e.g. \"00:00:03\")");
            }

            if (e.CommandTimeout < MinimumCommandTimeout || e.CommandTimeout > MaximumDuration)
            {
                Fail("CommandTimeout must be at least 10 ms and at most 1 day (e.g. \"00:00:05\")");
            }

            if (e.MaxRetries is < 0 or > 100)
            {
                Fail("MaxRetries must be 0–100");
            }

            if (e.RetryBaseDelay < TimeSpan.Zero || e.RetryBaseDelay > MaximumDuration)
            {
                Fail("RetryBaseDelay must be 0 or more and at most 1 day (e.g. \"00:00:00.050\")");
            }

            if (!(e.BreakerFailureRatio > 0 && e.BreakerFailureRatio <= 1))
            {
                Fail("BreakerFailureRatio must be more than 0 and at most 1 (e.g. 0.5)");
            }

            if (e.BreakerMinimumThroughput < 2)
            {
                Fail("BreakerMinimumThroughput must be 2 or more");
            }

            if (e.BreakerSamplingDuration < MinimumBreakerWindow || e.BreakerSamplingDuration > MaximumDuration)
            {
                Fail("BreakerSamplingDuration must be at least 0.5 s and at most 1 day (e.g. \"00:00:10\")");
            }

            if (e.BreakerBreakDuration < MinimumBreakerWindow || e.BreakerBreakDuration > MaximumDuration)
            {
                Fail("BreakerBreakDuration must be at least 0.5 s and at most 1 day (e.g. \"00:00:05\")");
            }

            if (e.Roles.Any(string.IsNullOrWhiteSpace))
            {
                Fail("Roles must not contain empty entries");
            }

            if (e.Protocol is NeProtocol.Cai or NeProtocol.Mml)
            {
                CheckLogin(e, Fail);
            }

            index++;
        }

        return errors;
    }

    private static void CheckLogin(NetworkElementOptions e, Action<string> fail)
    {
        if (string.IsNullOrEmpty(e.User))
        {
            fail($"User is required: {e.Protocol} sessions log in before the first command");
        }
        else if (e.User.AsSpan().ContainsAny(LoginDelimiters))
        {
            fail("User must not contain ; : , \" or line breaks (they end or split the login command)");
        }

        var password = e.ResolvePassword();
        if (string.IsNullOrEmpty(password))
        {
            fail(string.IsNullOrEmpty(e.PasswordEnv)
                ? $"Password or PasswordEnv is required: {e.Protocol} sessions log in before the first command"
                : $"PasswordEnv names the environment variable '{e.PasswordEnv}', which is not set; set it or give Password");
        }
        else if (password.AsSpan().ContainsAny(LoginDelimiters))
        {
            fail("Password must not contain ; : , \" or line breaks (they end or split the login command)");
        }
    }
}
