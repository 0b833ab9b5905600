namespace NMcs.Provisioning.Contracts;

/// <summary>The wire protocol a network element speaks.</summary>
public enum NeProtocol
{
    /// <summary>Telnet/TCP text in the style of Ericsson CAI (<c>CREATE:HLRSUB:MSISDN,…;</c> → <c>RESP:0;</c>).</summary>
    Cai = 1,

    /// <summary>Telnet/TCP text in an MML dialect (<c>HGSUI:MSISDN=…,IMSI=…;</c> → a RETCODE block).</summary>
    Mml = 2,

    /// <summary>SPML 2.0 requests in SOAP envelopes over HTTP.</summary>
    Spml = 3,

    /// <summary>Raw TCP with length-prefixed frames.</summary>
    Tcp = 4,
}
