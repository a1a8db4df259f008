namespace TenantOperator.Policy.Evaluation;

/// <summary>Conversions between <see cref="TransportProtocol"/> and the upper-case names Kubernetes uses.</summary>
public static class TransportProtocols
{
    /// <summary>The Kubernetes spelling: <c>TCP</c>, <c>UDP</c> or <c>SCTP</c>.</summary>
    public static string ToKubernetesName(this TransportProtocol protocol) => protocol switch
    {
        TransportProtocol.Tcp => "TCP",
        TransportProtocol.Udp => "UDP",
        TransportProtocol.Sctp => "SCTP",
        _ => throw new ArgumentOutOfRangeException(nameof(protocol), protocol, "unknown protocol"),
    };

    /// <summary>
    /// Reads a Kubernetes protocol name. <see langword="null"/> means the Kubernetes default, TCP.
    /// The match is exact, as the API server's validation is: <c>tcp</c> is not a protocol.
    /// </summary>
    public static bool TryParse(string? name, out TransportProtocol protocol)
    {
        switch (name)
        {
            case null or "TCP":
                protocol = TransportProtocol.Tcp;
                return true;
            case "UDP":
                protocol = TransportProtocol.Udp;
                return true;
            case "SCTP":
                protocol = TransportProtocol.Sctp;
                return true;
            default:
                protocol = default;
                return false;
        }
    }
}
