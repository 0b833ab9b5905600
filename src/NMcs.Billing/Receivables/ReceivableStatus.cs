namespace NMcs.Billing.Receivables;

/// <summary>
/// Where an issued invoice stands with the payer. Derived from the invoice total and what was recorded against it
/// (credit notes, debit adjustments, payments) and the platform time; never stored, so it cannot drift.
/// </summary>
public enum ReceivableStatus
{
    /// <summary>Issued, nothing paid, not yet past its due date.</summary>
    Issued,

    /// <summary>Part of the open amount paid, not yet past its due date.</summary>
    PartiallyPaid,

    /// <summary>Nothing left to pay.</summary>
    Paid,

    /// <summary>Something left to pay after the due date.</summary>
    Overdue,

    /// <summary>Credit notes cover everything the invoice billed; reached only through credit notes.</summary>
    Voided,
}
