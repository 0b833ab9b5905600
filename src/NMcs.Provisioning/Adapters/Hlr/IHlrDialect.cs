using NMcs.Provisioning.Contracts;
using NMcs.Provisioning.Text;

namespace NMcs.Provisioning.Adapters.Hlr;

/// <summary>One HLR text dialect: framing and login, rendering commands, parsing replies.</summary>
internal interface IHlrDialect : ITextFraming
{
    /// <summary>
    /// Renders a command that <see cref="HlrTextAdapter"/> has checked: digits-only MSISDN and IMSI, an IMSI on create,
    /// and at least one HLR field on modify.
    /// </summary>
    string Render(SubscriberCommand command);

    /// <summary>Parses a well-framed reply.</summary>
    /// <exception cref="NeTransportException">The reply does not say what happened.</exception>
    HlrAnswer Parse(TextReply reply);
}
