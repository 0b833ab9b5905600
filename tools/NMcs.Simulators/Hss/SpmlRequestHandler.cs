using System.Diagnostics.CodeAnalysis;
using System.Xml.Linq;

namespace NMcs.Simulators.Hss;

/// <summary>
/// Executes one SPML 2.0 request element against the subscriber table and builds its response element:
/// <c>addRequest</c>, <c>modifyRequest</c> (replace), <c>deleteRequest</c>, <c>lookupRequest</c>,
/// <c>batch:batchRequest</c>, <c>async:statusRequest</c>, and <c>executionMode="asynchronous"</c> on any of the first five.
/// </summary>
/// <param name="table">The subscriber table.</param>
/// <param name="asyncRequests">Store of asynchronous requests.</param>
internal sealed class SpmlRequestHandler(HssSubscriberTable table, HssAsyncRequests asyncRequests)
{
    private static readonly XName AddRequest = SpmlNamespaces.Spml + "addRequest";
    private static readonly XName ModifyRequest = SpmlNamespaces.Spml + "modifyRequest";
    private static readonly XName DeleteRequest = SpmlNamespaces.Spml + "deleteRequest";
    private static readonly XName LookupRequest = SpmlNamespaces.Spml + "lookupRequest";
    private static readonly XName BatchRequest = SpmlNamespaces.Batch + "batchRequest";
    private static readonly XName StatusRequest = SpmlNamespaces.Async + "statusRequest";
    private static readonly XName PsoId = SpmlNamespaces.Spml + "psoID";
    private static readonly XName Data = SpmlNamespaces.Spml + "data";

    /// <summary>Handles a top-level request (the one element of the SOAP body).</summary>
    /// <param name="request">The request element.</param>
    /// <returns>The response element.</returns>
    public XElement Handle(XElement request)
    {
        var mode = (string?)request.Attribute("executionMode");
        if (mode is not (null or "synchronous" or "asynchronous"))
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, $"executionMode '{mode}' must be synchronous or asynchronous");
        }

        if (mode != "asynchronous" || request.Name == StatusRequest)
        {
            return Execute(request, nested: false);
        }

        if (!IsKnown(request.Name))
        {
            return Failure(request, SpmlErrorCode.UnsupportedOperation, $"{request.Name.LocalName} is not supported");
        }

        if (!asyncRequests.TrySubmit(request, r => Execute(r, nested: false), out var id))
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, $"requestID '{id}' is already in use by an asynchronous request");
        }

        var pending = Response(request, "pending");
        pending.SetAttributeValue("requestID", id);
        return pending;
    }

    /// <summary>A failure response for the request without executing it (an injected error).</summary>
    /// <param name="request">The request element.</param>
    /// <param name="error">An SPML error code.</param>
    /// <param name="message">The error message.</param>
    /// <returns>The response element.</returns>
    public static XElement Failure(XElement request, string error, string message)
    {
        var response = Response(request, "failure");
        response.SetAttributeValue("error", error);
        response.Add(new XElement(SpmlNamespaces.Spml + "errorMessage", message));
        return response;
    }

    private static bool IsKnown(XName name) =>
        name == AddRequest || name == ModifyRequest || name == DeleteRequest || name == LookupRequest || name == BatchRequest;

    private XElement Execute(XElement request, bool nested)
    {
        if (nested && (string?)request.Attribute("executionMode") == "asynchronous")
        {
            return Failure(request, SpmlErrorCode.UnsupportedExecutionMode, "a request inside a batch cannot be asynchronous");
        }

        if (request.Name == AddRequest)
        {
            return Add(request);
        }

        if (request.Name == ModifyRequest)
        {
            return Modify(request);
        }

        if (request.Name == DeleteRequest)
        {
            return Delete(request);
        }

        if (request.Name == LookupRequest)
        {
            return Lookup(request);
        }

        if (request.Name == BatchRequest && !nested)
        {
            return Batch(request);
        }

        if (request.Name == StatusRequest && !nested)
        {
            return Status(request);
        }

        return Failure(request, SpmlErrorCode.UnsupportedOperation, $"{request.Name} is not supported here");
    }

    private XElement Add(XElement request)
    {
        if (!HssSubscriberData.TryRead(request.Elements(Data), out var fields, out var error))
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, error);
        }

        var id = (string?)request.Element(PsoId)?.Attribute("ID");
        var msisdn = id ?? fields.Msisdn;
        if (msisdn is null)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "psoID ID (the MSISDN) is missing");
        }

        if (!HssSubscriberData.IsMsisdn(msisdn))
        {
            return Failure(request, SpmlErrorCode.InvalidIdentifier, $"psoID ID '{msisdn}' is not an MSISDN (5-15 digits)");
        }

        if (fields.Msisdn is not null && fields.Msisdn != msisdn)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, $"data msisdn {fields.Msisdn} differs from psoID ID {msisdn}");
        }

        if (fields.Imsi is null)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "imsi is missing; an add needs one");
        }

        var subscriber = new HssSubscriber(msisdn, fields.Imsi, fields.Profile ?? 0, fields.Barred ?? false, fields.Apn is { Length: > 0 } apn ? apn : null);
        return table.Create(subscriber) switch
        {
            HssTableResult.Success => WithPso(request, Response(request, "success"), subscriber),
            HssTableResult.MsisdnExists => Failure(request, SpmlErrorCode.AlreadyExists, $"msisdn {msisdn} already exists"),
            _ => Failure(request, SpmlErrorCode.AlreadyExists, $"imsi {fields.Imsi} already belongs to another subscriber"),
        };
    }

    private XElement Modify(XElement request)
    {
        if (!TryPsoId(request, out var msisdn, out var failure))
        {
            return failure;
        }

        var modifications = request.Elements(SpmlNamespaces.Spml + "modification").ToList();
        foreach (var modification in modifications)
        {
            var mode = (string?)modification.Attribute("modificationMode");
            if (mode is null)
            {
                return Failure(request, SpmlErrorCode.MalformedRequest, "modification needs modificationMode=\"replace\"");
            }

            if (mode != "replace")
            {
                return Failure(request, SpmlErrorCode.UnsupportedOperation, $"modificationMode '{mode}' is not supported; use replace");
            }
        }

        if (!HssSubscriberData.TryRead(modifications.SelectMany(m => m.Elements(Data)), out var changes, out var error))
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, error);
        }

        if (changes.IsEmpty)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "nothing to modify; give at least one of imsi, profile, barred, apn");
        }

        if (changes.Msisdn is not null && changes.Msisdn != msisdn)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "msisdn is the identifier and cannot be modified");
        }

        return table.Modify(msisdn, changes, out var updated) switch
        {
            HssTableResult.Success => WithPso(request, Response(request, "success"), updated!),
            HssTableResult.NoSuchSubscriber => Failure(request, SpmlErrorCode.NoSuchIdentifier, $"msisdn {msisdn} does not exist"),
            _ => Failure(request, SpmlErrorCode.AlreadyExists, $"imsi {changes.Imsi} already belongs to another subscriber"),
        };
    }

    private XElement Delete(XElement request)
    {
        if (!TryPsoId(request, out var msisdn, out var failure))
        {
            return failure;
        }

        return table.Delete(msisdn) == HssTableResult.Success
            ? Response(request, "success")
            : Failure(request, SpmlErrorCode.NoSuchIdentifier, $"msisdn {msisdn} does not exist");
    }

    private XElement Lookup(XElement request)
    {
        if (!TryPsoId(request, out var msisdn, out var failure))
        {
            return failure;
        }

        var subscriber = table.Find(msisdn);
        return subscriber is null
            ? Failure(request, SpmlErrorCode.NoSuchIdentifier, $"msisdn {msisdn} does not exist")
            : WithPso(request, Response(request, "success"), subscriber);
    }

    private XElement Batch(XElement request)
    {
        var onError = (string?)request.Attribute("onError") ?? "exit";
        var processing = (string?)request.Attribute("processing") ?? "sequential";
        if (onError is not ("exit" or "resume") || processing is not ("sequential" or "parallel"))
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "onError must be exit or resume, processing sequential or parallel");
        }

        // Parallel processing is allowed to run in order; every request runs in document order here.
        var responses = new List<XElement>();
        var failed = 0;
        foreach (var nested in request.Elements())
        {
            var response = Execute(nested, nested: true);
            responses.Add(response);
            if ((string?)response.Attribute("status") == "failure")
            {
                failed++;
                if (onError == "exit")
                {
                    break;
                }
            }
        }

        var batch = Response(request, failed == 0 ? "success" : "failure");
        if (failed > 0)
        {
            batch.Add(new XElement(SpmlNamespaces.Spml + "errorMessage", $"{failed} of {responses.Count} processed requests failed"));
        }

        batch.Add(responses);
        return batch;
    }

    private XElement Status(XElement request)
    {
        var id = (string?)request.Attribute("asyncRequestID");
        if (id is null)
        {
            return Failure(request, SpmlErrorCode.MalformedRequest, "asyncRequestID is missing");
        }

        if (!asyncRequests.TryGet(id, out var result))
        {
            var unknown = Failure(request, SpmlErrorCode.NoSuchRequest, $"no asynchronous request {id}");
            unknown.SetAttributeValue("asyncRequestID", id);
            return unknown;
        }

        var response = Response(request, result is null ? "pending" : (string?)result.Attribute("status") ?? "failure");
        response.SetAttributeValue("asyncRequestID", id);
        if (result is not null && (string?)request.Attribute("returnResults") is null or "true")
        {
            response.Add(new XElement(result));
        }

        return response;
    }

    private static bool TryPsoId(XElement request, out string msisdn, [NotNullWhen(false)] out XElement? failure)
    {
        msisdn = (string?)request.Element(PsoId)?.Attribute("ID") ?? string.Empty;
        if (msisdn.Length == 0)
        {
            failure = Failure(request, SpmlErrorCode.MalformedRequest, "psoID ID (the MSISDN) is missing");
            return false;
        }

        if (!HssSubscriberData.IsMsisdn(msisdn))
        {
            failure = Failure(request, SpmlErrorCode.InvalidIdentifier, $"psoID ID '{msisdn}' is not an MSISDN (5-15 digits)");
            return false;
        }

        failure = null;
        return true;
    }

    private static XElement WithPso(XElement request, XElement response, HssSubscriber subscriber)
    {
        var returnData = (string?)request.Attribute("returnData") ?? "everything";
        var pso = new XElement(SpmlNamespaces.Spml + "pso", new XElement(PsoId, new XAttribute("ID", subscriber.Msisdn)));
        if (returnData != "identifier")
        {
            pso.Add(new XElement(Data, HssSubscriberData.Format(subscriber)));
        }

        response.Add(pso);
        return response;
    }

    private static XElement Response(XElement request, string status)
    {
        var local = request.Name.LocalName;
        var name = local.EndsWith("Request", StringComparison.Ordinal) ? local[..^"Request".Length] + "Response" : "response";
        var ns = IsKnownNamespace(request.Name.Namespace) ? request.Name.Namespace : SpmlNamespaces.Spml;
        var response = new XElement(ns + name, new XAttribute("status", status));
        if ((string?)request.Attribute("requestID") is { } id)
        {
            response.SetAttributeValue("requestID", id);
        }

        return response;
    }

    private static bool IsKnownNamespace(XNamespace ns) =>
        ns == SpmlNamespaces.Spml || ns == SpmlNamespaces.Batch || ns == SpmlNamespaces.Async;
}
