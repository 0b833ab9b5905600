namespace NMcs.Mediation.Cdr;

/// <summary>Why a CDR or a CDR file could not be decoded: the offending field and what is wrong with it.</summary>
/// <param name="Field">The field as TS 32.298 / TS 32.297 name it, with its path inside containers
/// (e.g. <c>listOfServiceData[1].datavolumeFBCUplink</c>), or "record" for the record as a whole.</param>
/// <param name="Reason">What is wrong, in words an operator can act on.</param>
public readonly record struct CdrFieldError(string Field, string Reason);
