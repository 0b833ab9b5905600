using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using NMcs.Billing.Rendering;

namespace NMcs.Api.Documents;

/// <summary>
/// Invoice documents over HTTP: <c>GET /invoices/{number}.pdf</c>, <c>GET /invoices/{number}.csv</c> (the lines;
/// <c>?part=usage</c> for the per-SIM usage detail) and <c>GET /credit-notes/{number}.pdf</c>. Unknown numbers
/// answer 404 with a message saying what to give.
/// </summary>
public static class InvoiceDocumentEndpoints
{
    /// <summary>Maps the document routes.</summary>
    public static IEndpointRouteBuilder MapInvoiceDocuments(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/invoices/{number}.pdf", async (string number, HttpContext context) =>
        {
            var document = await Factory(context).InvoiceAsync(number, context.RequestAborted);
            return document is null ? UnknownInvoice(number) : Results.File(InvoicePdfRenderer.Render(document), "application/pdf", number + ".pdf");
        });
        endpoints.MapGet("/invoices/{number}.csv", async (string number, string? part, HttpContext context) =>
        {
            if (part is not (null or "lines" or "usage"))
            {
                return Results.Text($"part '{part}' is unknown; use part=lines (the default) or part=usage.\n", statusCode: StatusCodes.Status400BadRequest);
            }

            var document = await Factory(context).InvoiceAsync(number, context.RequestAborted);
            if (document is null)
            {
                return UnknownInvoice(number);
            }

            var csv = part == "usage" ? InvoiceCsvRenderer.RenderUsage(document) : InvoiceCsvRenderer.RenderLines(document);
            return Results.File(csv, "text/csv; charset=utf-8", part == "usage" ? number + "-usage.csv" : number + ".csv");
        });
        endpoints.MapGet("/credit-notes/{number}.pdf", async (string number, HttpContext context) =>
        {
            var document = await Factory(context).CreditNoteAsync(number, context.RequestAborted);
            return document is null
                ? Results.Text($"credit note '{number}' does not exist; give a number from the creditNotes query, e.g. CN-000001.\n", statusCode: StatusCodes.Status404NotFound)
                : Results.File(InvoicePdfRenderer.Render(document), "application/pdf", number + ".pdf");
        });
        return endpoints;
    }

    private static InvoiceDocumentFactory Factory(HttpContext context) =>
        ActivatorUtilities.CreateInstance<InvoiceDocumentFactory>(context.RequestServices);

    private static IResult UnknownInvoice(string number) =>
        Results.Text($"invoice '{number}' does not exist; give the number of an issued invoice, e.g. INV-000001.\n", statusCode: StatusCodes.Status404NotFound);
}
