namespace NMcs.Billing;

/// <summary>
/// A volume-tier true-up of one usage charge for one cycle, computed by the rating engine's cycle-end function: its
/// own invoice line after the usage lines, taxed like the usage it corrects.
/// </summary>
/// <param name="Iccid">SIM the counter belongs to; empty for an account-wide (pooled) tier counter.</param>
/// <param name="ChargeId">Catalog usage charge.</param>
/// <param name="Description">Line text with the arithmetic.</param>
/// <param name="Units">The cycle's total in the charge's rate unit.</param>
/// <param name="Amount">Unrounded adjustment: the total at the reached tier less what was charged in real time.</param>
/// <param name="TaxCategory">Tax category of the charge.</param>
/// <param name="AccountId">The account (invoice section) whose counter it is.</param>
public sealed record UsageTrueUp(string Iccid, string ChargeId, string Description, decimal Units, decimal Amount, string? TaxCategory = null, string AccountId = "");
