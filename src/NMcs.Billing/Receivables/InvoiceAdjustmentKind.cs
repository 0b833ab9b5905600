namespace NMcs.Billing.Receivables;

/// <summary>The two corrections of an issued invoice; each has its own gapless number series.</summary>
public enum InvoiceAdjustmentKind
{
    /// <summary>Reduces what the invoice asks for (numbers <c>CN-000001</c>, …).</summary>
    CreditNote,

    /// <summary>Adds to what the invoice asks for (numbers <c>DN-000001</c>, …).</summary>
    DebitAdjustment,
}
