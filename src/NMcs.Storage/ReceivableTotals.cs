namespace NMcs.Storage;

/// <summary>What was recorded against one invoice: sums of credit notes, debit adjustments and payments.</summary>
/// <param name="Credited">Sum of credit notes.</param>
/// <param name="Debited">Sum of debit adjustments.</param>
/// <param name="Paid">Sum of payments.</param>
public readonly record struct ReceivableTotals(decimal Credited, decimal Debited, decimal Paid);
