using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace NMcs.Cli.Scenarios;

/// <summary>
/// Runs a scenario file against a platform over HTTP: each step is one API call (GraphQL or usage ingestion), and
/// its <c>expect</c> block is compared with the answer. The runner has no pricing logic of its own, so a scenario
/// checks the real grains, storage and API.
/// </summary>
public sealed class ScenarioRunner(HttpClient http)
{
    private static readonly JsonSerializerOptions Compact = new() { WriteIndented = false };

    /// <summary>Runs every step; never throws for a failing expectation (it is recorded in the report).</summary>
    public async Task<ScenarioReport> RunAsync(ScenarioFile scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        var steps = new List<StepReport>();
        for (var i = 0; i < scenario.Steps.Count; i++)
        {
            var step = scenario.Steps[i];
            var (action, payload) = ScenarioFile.ActionOf(step, i);
            JsonNode? result;
            string? errorCode = null;
            string? errorMessage = null;
            try
            {
                result = await ExecuteAsync(action, payload, scenario.Path, cancellationToken);
                if (result is JsonObject error && error["errorCode"] is not null)
                {
                    errorCode = error["errorCode"]!.GetValue<string>();
                    errorMessage = error["message"]?.GetValue<string>();
                }
            }
            catch (ScenarioException e)
            {
                result = null;
                errorCode = "SCENARIO";
                errorMessage = e.Message;
            }

            var failures = new List<string>();
            var expectedError = step["expectError"]?.GetValue<string>();
            if (expectedError is not null)
            {
                if (errorCode != expectedError)
                {
                    failures.Add($"expected error {expectedError}, got {(errorCode is null ? "success" : errorCode + ": " + errorMessage)}");
                }
            }
            else if (errorCode is not null)
            {
                failures.Add($"{action} failed: {errorCode}: {errorMessage}");
            }

            if (step["expect"] is JsonNode expect && errorCode is null)
            {
                ExpectationMatcher.Match(expect, result, "", failures);
            }

            steps.Add(new StepReport(i, action, step["note"]?.GetValue<string>(), failures.Count == 0, result?.DeepClone(), failures));
        }

        return new ScenarioReport(scenario.Name, scenario.Path, steps.All(s => s.Passed), steps);
    }

    private async Task<JsonNode?> ExecuteAsync(string action, JsonNode? payload, string scenarioPath, CancellationToken cancellationToken) => action switch
    {
        "rule" => await GraphQLAsync(
            "mutation($s: String!, $f: String) { deployTariffRule(source: $s, fileName: $f) { name version sha256 } }",
            RuleSource(payload, scenarioPath),
            "deployTariffRule",
            cancellationToken),
        "suspended" => await GraphQLAsync(
            "query($r: String) { suspendedUsage(ruleName: $r) { recordId iccid ruleName reason } }",
            new JsonObject { ["r"] = payload?["ruleName"]?.DeepClone() },
            "suspendedUsage",
            cancellationToken),
        "clock" => await GraphQLAsync("mutation($to: DateTimeOffset!) { advanceClock(to: $to) { now } }", new JsonObject { ["to"] = Required(payload, "to").DeepClone() }, "advanceClock", cancellationToken),
        "customer" => await GraphQLAsync(
            "mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id name currency timeZone account { id } } }",
            new JsonObject { ["input"] = payload?.DeepClone() },
            "createCustomer",
            cancellationToken),
        "product" => await GraphQLAsync(
            "mutation($input: CreateProductInput!) { createProduct(input: $input) { " + ProductFields + " } }",
            new JsonObject { ["input"] = payload?.DeepClone() },
            "createProduct",
            cancellationToken),
        "catalog" => await GraphQLAsync(
            "mutation($d: String!) { importCatalog(document: $d) { " + ProductFields + " } }",
            new JsonObject { ["d"] = (payload ?? throw new ScenarioException("catalog needs a catalog document")).ToJsonString(Compact) },
            "importCatalog",
            cancellationToken),
        "sim" => await SimAsync(payload, cancellationToken),
        "usage" => await IngestAsync(payload, cancellationToken),
        "billRun" => await GraphQLAsync(
            "mutation($a: ID!, $p: String!) { runBilling(accountId: $a, period: $p) { " + InvoiceFields + " } }",
            new JsonObject { ["a"] = Required(payload, "account").DeepClone(), ["p"] = Required(payload, "period").DeepClone() },
            "runBilling",
            cancellationToken),
        "preview" => await GraphQLAsync(
            "query($a: ID!, $p: String!) { invoicePreview(accountId: $a, period: $p) { " + InvoiceFields + " } }",
            new JsonObject { ["a"] = Required(payload, "account").DeepClone(), ["p"] = Required(payload, "period").DeepClone() },
            "invoicePreview",
            cancellationToken),
        "charges" => await GraphQLAsync(
            "query($a: ID!) { account(id: $a) { realTimeCharges { ratedRecords unbilledUsageAmount currency } } }",
            new JsonObject { ["a"] = Required(payload, "account").DeepClone() },
            "account",
            cancellationToken) is JsonObject account && account["realTimeCharges"] is JsonNode charges ? charges.DeepClone() : null,
        "usageRecord" => await GraphQLAsync(
            "query($id: ID!) { usageRecord(id: $id) { id iccid period serviceType units includedUnits billableUnits pricePerUnit amount roundedAmount steps invoiceId } }",
            new JsonObject { ["id"] = Required(payload, "id").DeepClone() },
            "usageRecord",
            cancellationToken),
        "whatIf" => await GraphQLAsync(
            "query($p: ID!, $v: Int, $r: String, $c: String!) { whatIf(productId: $p, candidateVersion: $v, candidateRule: $r, period: $c) { productId candidateVersion candidateRule period currency records unratedRecords actualAmount candidateAmount difference accounts { accountId customerId records actualAmount candidateAmount difference } } }",
            new JsonObject
            {
                ["p"] = Required(payload, "productId").DeepClone(),
                ["v"] = payload!["candidateVersion"]?.DeepClone(),
                ["r"] = payload["candidateRule"] is JsonNode rule ? RuleSource(rule, scenarioPath)["s"]!.DeepClone() : null,
                ["c"] = Required(payload, "period").DeepClone(),
            },
            "whatIf",
            cancellationToken),
        "payment" => await GraphQLAsync(
            "mutation($i: String!, $a: Decimal!, $c: String!, $r: DateTimeOffset, $ref: String, $k: String) { recordPayment(invoiceNumber: $i, amount: $a, currency: $c, receivedAt: $r, reference: $ref, idempotencyKey: $k) { id invoiceNumber accountId amount currency receivedAt reference idempotencyKey receivable { " + ReceivableFields + " } } }",
            new JsonObject
            {
                ["i"] = Required(payload, "invoice").DeepClone(),
                ["a"] = Required(payload, "amount").DeepClone(),
                ["c"] = Required(payload, "currency").DeepClone(),
                ["r"] = payload!["receivedAt"]?.DeepClone(),
                ["ref"] = payload["reference"]?.DeepClone(),
                ["k"] = payload["idempotencyKey"]?.DeepClone(),
            },
            "recordPayment",
            cancellationToken),
        "creditNote" or "debitAdjustment" => await GraphQLAsync(
            "mutation($i: String!, $l: [AdjustmentLineInput!]!, $r: String!) { " + (action == "creditNote" ? "issueCreditNote" : "issueDebitAdjustment")
                + "(invoiceNumber: $i, lines: $l, reason: $r) { number kind invoiceNumber currency amount reason lines { lineNumber description amount invoiceLineNumber } receivable { " + ReceivableFields + " } } }",
            new JsonObject { ["i"] = Required(payload, "invoice").DeepClone(), ["l"] = Required(payload, "lines").DeepClone(), ["r"] = Required(payload, "reason").DeepClone() },
            action == "creditNote" ? "issueCreditNote" : "issueDebitAdjustment",
            cancellationToken),
        "receivable" => await GraphQLAsync(
            "query($i: String!) { receivable(invoiceNumber: $i) { " + ReceivableFields + " } }",
            new JsonObject { ["i"] = Required(payload, "invoice").DeepClone() },
            "receivable",
            cancellationToken),
        "balance" => await GraphQLAsync(
            "query($a: ID!) { accountBalance(accountId: $a) { accountId currency balance openInvoices { " + ReceivableFields + " } } }",
            new JsonObject { ["a"] = Required(payload, "account").DeepClone() },
            "accountBalance",
            cancellationToken),
        "revenue" => await GraphQLAsync(
            "query($f: String!, $t: String!, $g: RevenueGrouping!) { revenue(from: $f, to: $t, groupBy: $g) { key name currency invoices invoiced credited debited net } }",
            new JsonObject { ["f"] = Required(payload, "from").DeepClone(), ["t"] = Required(payload, "to").DeepClone(), ["g"] = Required(payload, "groupBy").DeepClone() },
            "revenue",
            cancellationToken),
        "invoiceDocument" => await DocumentAsync(payload, cancellationToken),
        "graphql" => await GraphQLAsync(Required(payload, "query").GetValue<string>(), payload!["variables"]?.DeepClone() as JsonObject, null, cancellationToken),
        _ => throw new ScenarioException($"unknown action '{action}'"),
    };

    private const string ProductFields = "id version name status validFrom currency monthlyFee activationFee usageCharges { id serviceType rateUnit model pricePerUnit connectFee } allowances { id serviceType quantity unit scope }";

    private const string ReceivableFields = "invoiceNumber accountId period currency total status dueDate paid credited debited openAmount creditable";

    private const string InvoiceFields = "number period currency subtotal total taxTotal taxes { category rate treatment taxableAmount tax } lines { lineNumber kind description accountId iccid quantity unroundedAmount amount }";

    private async Task<JsonNode?> SimAsync(JsonNode? payload, CancellationToken cancellationToken)
    {
        var iccid = Required(payload, "iccid").DeepClone();
        var result = await GraphQLAsync(
            "mutation($input: RegisterSimInput!) { registerSim(input: $input) { iccid status } }",
            new JsonObject { ["input"] = new JsonObject { ["iccid"] = iccid.DeepClone(), ["imsi"] = Required(payload, "imsi").DeepClone(), ["msisdn"] = Required(payload, "msisdn").DeepClone() } },
            "registerSim",
            cancellationToken);
        if (IsError(result) || payload!["customer"] is not JsonNode customer)
        {
            return result;
        }

        result = await GraphQLAsync(
            "mutation($i: String!, $c: ID!, $a: ID) { assignSim(iccid: $i, customerId: $c, accountId: $a) { iccid status customerId } }",
            new JsonObject { ["i"] = iccid.DeepClone(), ["c"] = customer.DeepClone(), ["a"] = payload["account"]?.DeepClone() },
            "assignSim",
            cancellationToken);
        if (IsError(result) || payload["product"] is not JsonNode product)
        {
            return result;
        }

        return await GraphQLAsync(
            "mutation($i: String!, $p: ID!, $v: Int) { activateSim(iccid: $i, productId: $p, productVersion: $v) { iccid status customerId subscription { productId productVersion activatedAt } } }",
            new JsonObject { ["i"] = iccid.DeepClone(), ["p"] = product.DeepClone(), ["v"] = payload["productVersion"]?.DeepClone() },
            "activateSim",
            cancellationToken);
    }

    private async Task<JsonNode?> DocumentAsync(JsonNode? payload, CancellationToken cancellationToken)
    {
        // { invoice | creditNote, format: pdf|csv, part?: lines|usage, minBytes? }
        var format = payload?["format"]?.GetValue<string>() ?? "pdf";
        var path = payload?["creditNote"] is JsonNode note
            ? $"/credit-notes/{Uri.EscapeDataString(note.GetValue<string>())}.{format}"
            : $"/invoices/{Uri.EscapeDataString(Required(payload, "invoice").GetValue<string>())}.{format}"
                + (payload!["part"] is JsonNode part ? "?part=" + Uri.EscapeDataString(part.GetValue<string>()) : string.Empty);
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), cancellationToken);
        var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            return new JsonObject
            {
                ["errorCode"] = "HTTP_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture),
                ["message"] = System.Text.Encoding.UTF8.GetString(bytes).Trim(),
            };
        }

        var result = new JsonObject
        {
            ["status"] = (int)response.StatusCode,
            ["contentType"] = response.Content.Headers.ContentType?.MediaType,
            ["bytes"] = bytes.Length,
        };
        if (format == "pdf")
        {
            result["magic"] = System.Text.Encoding.ASCII.GetString(bytes, 0, Math.Min(4, bytes.Length));
            result["atLeastMinBytes"] = bytes.Length >= (payload?["minBytes"]?.GetValue<int>() ?? 1);
            return result;
        }

        // CSV: one object per data row, keyed by the header's column names.
        var records = ParseCsv(System.Text.Encoding.UTF8.GetString(bytes));
        var rows = new JsonArray();
        foreach (var record in records.Skip(1))
        {
            var row = new JsonObject();
            for (var i = 0; i < records[0].Count && i < record.Count; i++)
            {
                row[records[0][i]] = record[i];
            }

            rows.Add(row);
        }

        result["columns"] = new JsonArray(records.Count > 0 ? records[0].Select(c => (JsonNode?)c).ToArray() : []);
        result["rows"] = rows;
        return result;
    }

    private static List<List<string>> ParseCsv(string text)
    {
        // RFC 4180: quoted fields may hold commas, CR/LF and doubled quotes; records end with CRLF.
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var ch = text[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (ch == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(ch);
                }
            }
            else if (ch == '"')
            {
                quoted = true;
            }
            else if (ch == ',')
            {
                record.Add(field.ToString());
                field.Clear();
            }
            else if (ch == '\n' || ch == '\r')
            {
                if (ch == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
            }
            else
            {
                field.Append(ch);
            }
        }

        if (field.Length > 0 || record.Count > 0)
        {
            record.Add(field.ToString());
            records.Add(record);
        }

        return records;
    }

    private async Task<JsonNode?> IngestAsync(JsonNode? payload, CancellationToken cancellationToken)
    {
        if (payload is not JsonArray records)
        {
            throw new ScenarioException("usage must be an array of usage records");
        }

        using var content = new StringContent(records.ToJsonString(Compact), System.Text.Encoding.UTF8, "application/json");
        using var response = await http.PostAsync(new Uri("/ingest/usage", UriKind.Relative), content, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return response.IsSuccessStatusCode
            ? body
            : new JsonObject { ["errorCode"] = "HTTP_" + ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture), ["message"] = body?["error"]?.DeepClone() };
    }

    private async Task<JsonNode?> GraphQLAsync(string query, JsonObject? variables, string? field, CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["query"] = query, ["variables"] = variables };
        using var response = await http.PostAsJsonAsync(new Uri("/graphql", UriKind.Relative), request, cancellationToken);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        if (body?["errors"] is JsonArray { Count: > 0 } errors)
        {
            var first = errors[0]!;
            return new JsonObject
            {
                ["errorCode"] = first["extensions"]?["code"]?.DeepClone() ?? "ERROR",
                ["field"] = first["extensions"]?["field"]?.DeepClone(),
                ["message"] = first["message"]?.DeepClone(),
            };
        }

        var data = body?["data"];
        return field is null ? data?.DeepClone() : data?[field]?.DeepClone();
    }

    private static JsonObject RuleSource(JsonNode? payload, string scenarioPath)
    {
        if (payload?["source"] is JsonNode source)
        {
            return new JsonObject { ["s"] = source.DeepClone(), ["f"] = payload["fileName"]?.DeepClone() ?? "rule.cs" };
        }

        // A rule file is named relative to the scenario file, e.g. ../../plugins/NightDataFree.cs.
        var file = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(scenarioPath)) ?? ".", Required(payload, "file").GetValue<string>());
        if (!File.Exists(file))
        {
            throw new ScenarioException($"rule file {file} does not exist");
        }

        return new JsonObject { ["s"] = File.ReadAllText(file), ["f"] = Path.GetFileName(file) };
    }

    private static bool IsError(JsonNode? result) => result is JsonObject o && o["errorCode"] is not null;

    private static JsonNode Required(JsonNode? payload, string name) =>
        payload?[name] ?? throw new ScenarioException($"'{name}' is missing");
}
