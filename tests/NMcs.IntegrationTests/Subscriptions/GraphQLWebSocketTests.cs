using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using NMcs.Abstractions.Contracts;
using NMcs.IntegrationTests.Http;

namespace NMcs.IntegrationTests.Subscriptions;

/// <summary>
/// GraphQL subscriptions over WebSocket (graphql-transport-ws) on the real host: the handshake, keep-alive, events
/// published through <c>IProvisioningEventPublisher</c> streamed as <c>next</c> messages, filters, the client's
/// complete, several operations per socket, the protocol's close codes, single-result operations over the socket,
/// and the refusal of subscriptions over plain HTTP.
/// </summary>
[Collection(HostProcessesCollectionDefinition.Name)]
public sealed class GraphQLWebSocketTests(SubscriptionHostFixture host) : IClassFixture<SubscriptionHostFixture>, IAsyncLifetime
{
    private const string OrderEventsQuery = "subscription($orderId: ID, $customerId: ID) { orderEvents(orderId: $orderId, customerId: $customerId) { kind orderId iccid customerId state previousState at detail } }";
    private const string SimEventsQuery = "subscription($iccid: String, $customerId: ID) { simEvents(iccid: $iccid, customerId: $customerId) { kind iccid customerId state } }";
    private static readonly DateTimeOffset At = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    // Every test starts with no subscription left open by the one before.
    public Task InitializeAsync() => host.WaitForSubscribersAsync(0);

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Handshake_negotiates_graphql_transport_ws_and_acknowledges_connection_init()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(host.BaseAddress);
        Assert.Equal("graphql-transport-ws", client.SubProtocol);

        await client.SendAsync(new { type = "connection_init", payload = new { } });
        var ack = await client.ReceiveAsync();
        Assert.Equal("connection_ack", ack.Type());
    }

    [Theory]
    [InlineData("graphql-ws")]
    [InlineData("mqtt")]
    public async Task Another_subprotocol_is_refused_with_400_naming_graphql_transport_ws(string subProtocol)
    {
        using var socket = new ClientWebSocket();
        socket.Options.AddSubProtocol(subProtocol);
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(GraphQLWsClient.EndpointOf(host.BaseAddress), CancellationToken.None));
        Assert.Equal(HttpStatusCode.BadRequest, socket.HttpStatusCode);

        // The same refusal as plain HTTP, where the body can be read.
        using var request = new HttpRequestMessage(HttpMethod.Get, "graphql");
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.ParseAdd("websocket");
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(Encoding.ASCII.GetBytes("nmcs-test-key-16")));
        request.Headers.Add("Sec-WebSocket-Protocol", subProtocol);
        using var response = await host.Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("UNSUPPORTED_SUBPROTOCOL", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("graphql-transport-ws", error.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Client_ping_is_answered_with_pong_and_the_server_pings_an_acknowledged_client()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);

        await client.SendAsync(new { type = "ping", payload = new { sent = 1 } });
        Assert.Equal("pong", (await client.ReceiveAsync()).Type());

        // The fixture's keep-alive is 1 s; the client answers the ping with pong.
        Assert.Equal("ping", (await client.ReceivePingAsync()).Type());
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).Type());
    }

    [Fact]
    public async Task Published_order_events_arrive_as_next_messages_filtered_by_order()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("orders-1", OrderEventsQuery, new { orderId = "ORD-WS-1" });
        await host.WaitForSubscribersAsync(1);

        // Another order's event and a SIM event are filtered out; they are published first, so a broken filter shows.
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-OTHER", null, "ACME", "inProgress", "acknowledged", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, "ORD-WS-1", "8944500102198304826", "ACME", "ACTIVATED", "INVENTORY", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-WS-1", null, "ACME", "inProgress", "acknowledged", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderItemState, "ORD-WS-1", "8944500102198304826", "ACME", "failed", "inProgress", At.AddSeconds(1), "HLR answered error 12"));

        var first = await client.ReceiveAsync();
        Assert.Equal(("next", "orders-1"), (first.Type(), first.Id()));
        var data = first.GetProperty("payload").GetProperty("data").GetProperty("orderEvents");
        Assert.Equal("ORDER_STATE", data.GetProperty("kind").GetString());
        Assert.Equal("ORD-WS-1", data.GetProperty("orderId").GetString());
        Assert.Equal(JsonValueKind.Null, data.GetProperty("iccid").ValueKind);
        Assert.Equal("ACME", data.GetProperty("customerId").GetString());
        Assert.Equal(("inProgress", "acknowledged"), (data.GetProperty("state").GetString(), data.GetProperty("previousState").GetString()));
        Assert.Equal(At, data.GetProperty("at").GetDateTimeOffset());
        Assert.False(first.GetProperty("payload").TryGetProperty("errors", out _));

        var second = (await client.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("orderEvents");
        Assert.Equal(("ORDER_ITEM_STATE", "8944500102198304826", "failed", "HLR answered error 12"), (second.GetProperty("kind").GetString(), second.GetProperty("iccid").GetString(), second.GetProperty("state").GetString(), second.GetProperty("detail").GetString()));
    }

    [Fact]
    public async Task Sim_events_are_filtered_by_customer()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("sims", SimEventsQuery, new { customerId = "BETA" });
        await host.WaitForSubscribersAsync(1);

        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, null, "8944500102198304826", "ACME", "DEACTIVATED", "ACTIVATED", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-B", null, "BETA", "completed", "inProgress", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, "ORD-B", "8944500102198304834", "BETA", "ACTIVATED", "INVENTORY", At, null));

        var next = await client.ReceiveAsync();
        Assert.Equal(("next", "sims"), (next.Type(), next.Id()));
        var data = next.GetProperty("payload").GetProperty("data").GetProperty("simEvents");
        Assert.Equal(("SIM_STATE", "8944500102198304834", "BETA", "ACTIVATED"), (data.GetProperty("kind").GetString(), data.GetProperty("iccid").GetString(), data.GetProperty("customerId").GetString(), data.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Two_subscriptions_on_one_socket_each_get_their_events_and_complete_from_the_client_stops_one()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("a", OrderEventsQuery, new { customerId = "ACME" });
        await client.SubscribeAsync("b", SimEventsQuery, new { iccid = "8944500102198304826" });
        await host.WaitForSubscribersAsync(2);

        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-2", null, "ACME", "acknowledged", null, At, null));
        var order = await client.ReceiveAsync();
        Assert.Equal(("next", "a"), (order.Type(), order.Id()));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, null, "8944500102198304826", "ACME", "ACTIVATED", "INVENTORY", At, null));
        var sim = await client.ReceiveAsync();
        Assert.Equal(("next", "b"), (sim.Type(), sim.Id()));

        // The client completes "a": its stream closes on the server (one subscription left), and nothing more comes for it.
        await client.SendAsync(new { id = "a", type = "complete" });
        await host.WaitForSubscribersAsync(1);
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-2", null, "ACME", "completed", "acknowledged", At, null));
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, null, "8944500102198304826", "ACME", "DEACTIVATED", "ACTIVATED", At, null));
        var after = await client.ReceiveAsync();
        Assert.Equal(("next", "b"), (after.Type(), after.Id()));
        Assert.Equal("DEACTIVATED", after.GetProperty("payload").GetProperty("data").GetProperty("simEvents").GetProperty("state").GetString());

        // The id of a completed operation may be used again.
        await client.SubscribeAsync("a", OrderEventsQuery, new { orderId = "ORD-3" });
        await host.WaitForSubscribersAsync(2);
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-3", null, "ACME", "acknowledged", null, At, null));
        var reused = await client.ReceiveAsync();
        Assert.Equal(("next", "a"), (reused.Type(), reused.Id()));
    }

    [Fact]
    public async Task Closing_the_socket_closes_its_subscriptions_on_the_server()
    {
        var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("1", OrderEventsQuery);
        await client.SubscribeAsync("2", SimEventsQuery);
        await host.WaitForSubscribersAsync(2);

        await client.DisposeAsync();

        await host.WaitForSubscribersAsync(0);
    }

    [Fact]
    public async Task A_query_over_the_socket_answers_one_next_and_complete()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("q1", "{ clock { now testClock } }");

        var next = await client.ReceiveAsync();
        Assert.Equal(("next", "q1"), (next.Type(), next.Id()));
        Assert.True(next.GetProperty("payload").GetProperty("data").GetProperty("clock").GetProperty("testClock").GetBoolean());
        var complete = await client.ReceiveAsync();
        Assert.Equal(("complete", "q1"), (complete.Type(), complete.Id()));
    }

    [Fact]
    public async Task A_mutation_over_the_socket_runs_once()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("m1", "mutation { createCustomer(input: {id: \"WS-CO\", name: \"WebSocket Metering\", currency: \"EUR\", timeZone: \"Europe/Berlin\"}) { id account { id } } }");

        var next = await client.ReceiveAsync();
        Assert.Equal(("next", "m1"), (next.Type(), next.Id()));
        Assert.Equal("WS-CO", next.GetProperty("payload").GetProperty("data").GetProperty("createCustomer").GetProperty("id").GetString());
        var complete = await client.ReceiveAsync();
        Assert.Equal(("complete", "m1"), (complete.Type(), complete.Id()));

        // The customer exists once.
        await client.SubscribeAsync("m2", "{ customers(first: 100) { id } }");
        var customers = (await client.ReceiveAsync()).GetProperty("payload").GetProperty("data").GetProperty("customers");
        Assert.Single(customers.EnumerateArray(), c => c.GetProperty("id").GetString() == "WS-CO");
    }

    [Fact]
    public async Task A_document_that_fails_validation_answers_error_and_no_complete()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("bad", "subscription { noSuchEvents { state } }");

        var error = await client.ReceiveAsync();
        Assert.Equal(("error", "bad"), (error.Type(), error.Id()));
        var errors = error.GetProperty("payload");
        Assert.Equal(JsonValueKind.Array, errors.ValueKind);
        Assert.Contains("noSuchEvents", Assert.Single(errors.EnumerateArray()).GetProperty("message").GetString(), StringComparison.Ordinal);

        // The next message is the pong of this ping: no complete followed the error.
        await client.SendAsync(new { type = "ping" });
        Assert.Equal("pong", (await client.ReceiveAsync()).Type());
    }

    [Fact]
    public async Task Subscribe_before_connection_init_closes_with_4401()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(host.BaseAddress);
        await client.SubscribeAsync("early", OrderEventsQuery);

        var (status, reason) = await client.WaitClosedAsync();
        Assert.Equal(4401, (int?)status);
        Assert.Equal("Unauthorized", reason);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1,2]")]
    [InlineData("{\"id\":\"1\"}")]
    [InlineData("{\"type\":\"no_such_type\"}")]
    [InlineData("{\"type\":\"next\",\"id\":\"1\",\"payload\":{}}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\"}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"\",\"payload\":{\"query\":\"{ clock { now } }\"}}")]
    [InlineData("{\"type\":\"subscribe\",\"id\":\"1\",\"payload\":{\"query\":\"{ clock { now } }\",\"variables\":[1]}}")]
    [InlineData("{\"type\":\"complete\"}")]
    public async Task An_invalid_message_closes_with_4400(string message)
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SendTextAsync(message);

        var (status, reason) = await client.WaitClosedAsync();
        Assert.Equal(4400, (int?)status);
        Assert.False(string.IsNullOrEmpty(reason));
    }

    [Fact]
    public async Task No_connection_init_within_the_timeout_closes_with_4408()
    {
        await using var client = await GraphQLWsClient.ConnectAsync(host.BaseAddress);

        // The fixture's timeout is 2 s.
        var (status, reason) = await client.WaitClosedAsync();
        Assert.Equal(4408, (int?)status);
        Assert.Equal("Connection initialisation timeout", reason);
    }

    [Fact]
    public async Task A_second_subscribe_with_a_running_id_closes_with_4409()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SubscribeAsync("same", OrderEventsQuery);
        await host.WaitForSubscribersAsync(1);
        await client.SubscribeAsync("same", SimEventsQuery);

        var (status, reason) = await client.WaitClosedAsync();
        Assert.Equal(4409, (int?)status);
        Assert.Equal("Subscriber for same already exists", reason);
        await host.WaitForSubscribersAsync(0);
    }

    [Fact]
    public async Task A_second_connection_init_closes_with_4429()
    {
        await using var client = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await client.SendAsync(new { type = "connection_init" });

        var (status, _) = await client.WaitClosedAsync();
        Assert.Equal(4429, (int?)status);
    }

    [Fact]
    public async Task A_subscription_over_plain_http_is_refused_with_400()
    {
        var payload = JsonSerializer.Serialize(new { query = "subscription { orderEvents { state } }" });
        using var content = new StringContent(payload, Encoding.UTF8, "application/json");
        using var response = await host.Http.PostAsync(new Uri("graphql", UriKind.Relative), content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = Assert.Single(body.RootElement.GetProperty("errors").EnumerateArray());
        Assert.Equal("SUBSCRIPTION_OVER_HTTP", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Contains("graphql-transport-ws", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(body.RootElement.TryGetProperty("data", out _));

        // Queries over HTTP still work on the same path.
        using var query = new StringContent("{\"query\":\"{ clock { testClock } }\"}", Encoding.UTF8, "application/json");
        using var ok = await host.Http.PostAsync(new Uri("graphql", UriKind.Relative), query);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
    }

    [Fact]
    public async Task A_client_that_stops_reading_never_holds_up_publishing_and_is_disconnected()
    {
        // A raw socket that subscribes and then never reads again.
        using var stalled = new ClientWebSocket();
        stalled.Options.AddSubProtocol(GraphQLWsClient.Protocol);
        await stalled.ConnectAsync(GraphQLWsClient.EndpointOf(host.BaseAddress), CancellationToken.None);
        await stalled.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"connection_init\"}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await stalled.SendAsync(Encoding.UTF8.GetBytes("{\"type\":\"subscribe\",\"id\":\"s\",\"payload\":{\"query\":\"subscription { orderEvents { orderId detail } }\"}}"), WebSocketMessageType.Text, true, CancellationToken.None);
        await host.WaitForSubscribersAsync(1);
        await using var reader = await GraphQLWsClient.ConnectAndInitAsync(host.BaseAddress);
        await reader.SubscribeAsync("r", SimEventsQuery, new { iccid = "8944500102198304826" });
        await host.WaitForSubscribersAsync(2);

        // 8 KB per event: the socket buffers and then the server's send queue (1,000 messages) fill up, and the
        // server drops the stalled client. Publishing itself never waits.
        var detail = new string('x', 8 * 1024);
        var slowest = TimeSpan.Zero;
        var deadline = Stopwatch.StartNew();
        for (var i = 0; host.Hub.SubscriberCount == 2; i++)
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(60), $"the stalled client was not dropped after {i} events");
            var clock = Stopwatch.StartNew();
            host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.OrderState, "ORD-FLOOD-" + i, null, "ACME", "inProgress", "acknowledged", At, detail));
            slowest = clock.Elapsed > slowest ? clock.Elapsed : slowest;
            if (i % 500 == 499)
            {
                // Pace the flood so the server's event pumps get the cores.
                await Task.Delay(5);
            }
        }

        Assert.True(slowest < TimeSpan.FromMilliseconds(100), $"one Publish took {slowest}");
        await host.WaitForSubscribersAsync(1);

        // The client that reads is not affected.
        host.Publisher.Publish(new ProvisioningEvent(ProvisioningEventKind.SimState, null, "8944500102198304826", "ACME", "ACTIVATED", "INVENTORY", At, null));
        var next = await reader.ReceiveAsync();
        Assert.Equal(("next", "r"), (next.Type(), next.Id()));
    }
}
