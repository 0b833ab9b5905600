using System.Net;
using System.Xml.Linq;
using NMcs.Simulators.Hss;
using static NMcs.Simulators.Tests.HssTestClient;

namespace NMcs.Simulators.Tests;

public sealed class HssSimulatorTests : HssTestBase
{
    [Fact]
    public async Task Add_returns_the_pso_and_lookup_returns_the_data()
    {
        var added = await Client.SpmlAsync(Add("491700000001", "262010000000001", profile: 3, apn: "internet", requestId: "r1"));

        Assert.Equal(Spml + "addResponse", added.Name);
        Assert.Equal("success", (string?)added.Attribute("status"));
        Assert.Equal("r1", (string?)added.Attribute("requestID"));
        Assert.Equal("491700000001", (string?)added.Element(Spml + "pso")!.Element(Spml + "psoID")!.Attribute("ID"));

        var found = await Client.SpmlAsync(Lookup("491700000001"));
        var data = found.Element(Spml + "pso")!.Element(Spml + "data")!.Element(Sub + "subscriber")!;
        Assert.Equal("success", (string?)found.Attribute("status"));
        Assert.Equal("262010000000001", (string?)data.Element(Sub + "imsi"));
        Assert.Equal("3", (string?)data.Element(Sub + "profile"));
        Assert.Equal("false", (string?)data.Element(Sub + "barred"));
        Assert.Equal("internet", (string?)data.Element(Sub + "apn"));
        Assert.Equal([new HssSubscriber("491700000001", "262010000000001", 3, false, "internet")], Hss.Subscribers);
    }

    [Fact]
    public async Task Modify_replaces_imsi_for_a_sim_swap_and_bars_and_delete_removes()
    {
        await Client.SpmlAsync(Add("491700000001", "262010000000001"));

        var swapped = await Client.SpmlAsync(Modify("491700000001", Subscriber(imsi: "262010000000009", barred: true)));
        Assert.Equal("success", (string?)swapped.Attribute("status"));
        Assert.Equal([new HssSubscriber("491700000001", "262010000000009", 0, true, null)], Hss.Subscribers);

        // The old IMSI is free again after the swap.
        Assert.Equal("success", (string?)(await Client.SpmlAsync(Add("491700000002", "262010000000001"))).Attribute("status"));

        var deleted = await Client.SpmlAsync(Delete("491700000001"));
        Assert.Equal(Spml + "deleteResponse", deleted.Name);
        Assert.Equal("success", (string?)deleted.Attribute("status"));
        Assert.Equal(["491700000002"], Hss.Subscribers.Select(s => s.Msisdn));
    }

    [Fact]
    public async Task Refusals_carry_the_spml_error_code_and_change_nothing()
    {
        await Client.SpmlAsync(Add("491700000001", "262010000000001"));
        await Client.SpmlAsync(Add("491700000002", "262010000000002"));

        await AssertFailure(Add("491700000001", "262010000000003"), "alreadyExists");
        await AssertFailure(Add("491700000003", "262010000000001"), "alreadyExists");
        await AssertFailure(Modify("491700000002", Subscriber(imsi: "262010000000001")), "alreadyExists");
        await AssertFailure(Modify("491700000009", Subscriber(profile: 2)), "noSuchIdentifier");
        await AssertFailure(Delete("491700000009"), "noSuchIdentifier");
        await AssertFailure(Lookup("491700000009"), "noSuchIdentifier");
        await AssertFailure(Lookup("49-170"), "invalidIdentifier");
        await AssertFailure(Add("491700000004", "26201x"), "malformedRequest");
        await AssertFailure(new XElement(Spml + "addRequest", new XElement(Spml + "psoID", new XAttribute("ID", "491700000004")), new XElement(Spml + "data", Subscriber(profile: 1))), "malformedRequest");
        await AssertFailure(Modify("491700000001", Subscriber()), "malformedRequest");
        await AssertFailure(new XElement(Spml + "searchRequest"), "unsupportedOperation");

        Assert.Equal(
            [new HssSubscriber("491700000001", "262010000000001", 0, false, null), new HssSubscriber("491700000002", "262010000000002", 0, false, null)],
            Hss.Subscribers);
    }

    [Fact]
    public async Task Modification_modes_other_than_replace_are_unsupported()
    {
        await Client.SpmlAsync(Add("491700000001", "262010000000001"));
        var request = Modify("491700000001", Subscriber(profile: 7));
        request.Element(Spml + "modification")!.SetAttributeValue("modificationMode", "add");

        await AssertFailure(request, "unsupportedOperation");
    }

    [Theory]
    [InlineData("exit", 1)]
    [InlineData("resume", 2)]
    public async Task Batch_runs_in_order_and_on_error_exit_stops_at_the_first_failure(string onError, int rowsAfter)
    {
        var batch = new XElement(
            Batch + "batchRequest",
            new XAttribute("requestID", "b1"),
            new XAttribute("processing", "sequential"),
            new XAttribute("onError", onError),
            Add("491700000001", "262010000000001"),
            Add("491700000001", "262010000000002"),
            Add("491700000003", "262010000000003"));

        var response = await Client.SpmlAsync(batch);

        Assert.Equal(Batch + "batchResponse", response.Name);
        Assert.Equal("failure", (string?)response.Attribute("status"));
        var nested = response.Elements(Spml + "addResponse").Select(r => (string?)r.Attribute("status")).ToList();
        Assert.Equal(onError == "exit" ? ["success", "failure"] : ["success", "failure", "success"], nested);
        Assert.Equal(rowsAfter, Hss.Subscribers.Count);
    }

    [Fact]
    public async Task Asynchronous_request_is_pending_until_it_has_run_and_status_returns_its_result()
    {
        Hss.AsyncRequests.Pause();
        var request = Add("491700000001", "262010000000001", requestId: "a1");
        request.SetAttributeValue("executionMode", "asynchronous");

        var pending = await Client.SpmlAsync(request);
        Assert.Equal("pending", (string?)pending.Attribute("status"));
        Assert.Equal("a1", (string?)pending.Attribute("requestID"));
        var status = await Client.SpmlAsync(StatusRequest("a1"));
        Assert.Equal("pending", (string?)status.Attribute("status"));
        Assert.Empty(Hss.Subscribers);

        Hss.AsyncRequests.Resume();
        XElement done;
        do
        {
            done = await Client.SpmlAsync(StatusRequest("a1"));
        }
        while ((string?)done.Attribute("status") == "pending");

        Assert.Equal(Async + "statusResponse", done.Name);
        Assert.Equal("success", (string?)done.Attribute("status"));
        Assert.Equal("a1", (string?)done.Attribute("asyncRequestID"));
        var result = done.Element(Spml + "addResponse")!;
        Assert.Equal("success", (string?)result.Attribute("status"));
        Assert.Equal("a1", (string?)result.Attribute("requestID"));
        Assert.Single(Hss.Subscribers);
    }

    [Fact]
    public async Task Status_of_an_unknown_request_is_no_such_request()
    {
        var status = await Client.SpmlAsync(StatusRequest("nope"));

        Assert.Equal("failure", (string?)status.Attribute("status"));
        Assert.Equal("noSuchRequest", (string?)status.Attribute("error"));
    }

    [Fact]
    public async Task Asynchronous_request_inside_a_batch_is_refused()
    {
        var nested = Add("491700000001", "262010000000001");
        nested.SetAttributeValue("executionMode", "asynchronous");
        var response = await Client.SpmlAsync(new XElement(Batch + "batchRequest", new XAttribute("onError", "resume"), nested));

        Assert.Equal("unsupportedExecutionMode", (string?)response.Element(Spml + "addResponse")!.Attribute("error"));
        Assert.Empty(Hss.Subscribers);
    }

    [Fact]
    public async Task UsernameToken_is_accepted_instead_of_basic_auth()
    {
        using var client = new HssTestClient(Hss.Port, user: null);
        var token = new XElement(
            SpmlNamespaces.Wsse + "Security",
            new XElement(
                SpmlNamespaces.Wsse + "UsernameToken",
                new XElement(SpmlNamespaces.Wsse + "Username", "nmcs"),
                new XElement(SpmlNamespaces.Wsse + "Password", "nmcs")));

        var (status, body) = await client.PostAsync(Envelope(Add("491700000001", "262010000000001"), token).ToString());

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Contains("status=\"success\"", body, StringComparison.Ordinal);
        Assert.Single(Hss.Subscribers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("wrong")]
    public async Task Missing_or_wrong_credentials_get_401_and_a_soap_fault(string? password)
    {
        using var client = new HssTestClient(Hss.Port, user: password is null ? null : "nmcs", password: password);

        var (status, body) = await client.PostAsync(Envelope(Add("491700000001", "262010000000001")).ToString());

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains("FailedAuthentication", body, StringComparison.Ordinal);
        Assert.Empty(Hss.Subscribers);
    }

    [Theory]
    [InlineData("<not xml")]
    [InlineData("<soap:Envelope xmlns:soap=\"http://schemas.xmlsoap.org/soap/envelope/\"><soap:Body/></soap:Envelope>")]
    [InlineData("<!DOCTYPE x [<!ENTITY e \"boom\">]><x>&e;</x>")]
    public async Task Non_soap_bodies_get_a_client_fault(string body)
    {
        var (status, reply) = await Client.PostAsync(body);

        Assert.Equal(HttpStatusCode.InternalServerError, status);
        Assert.Contains("<faultcode>soap:Client</faultcode>", reply, StringComparison.Ordinal);
    }

    private static XElement StatusRequest(string asyncRequestId) => new(
        Async + "statusRequest",
        new XAttribute("asyncRequestID", asyncRequestId),
        new XAttribute("returnResults", "true"));

    private async Task AssertFailure(XElement request, string error)
    {
        var response = await Client.SpmlAsync(request);
        Assert.Equal("failure", (string?)response.Attribute("status"));
        Assert.Equal(error, (string?)response.Attribute("error"));
        Assert.NotEmpty((string?)response.Element(Spml + "errorMessage") ?? string.Empty);
    }
}
