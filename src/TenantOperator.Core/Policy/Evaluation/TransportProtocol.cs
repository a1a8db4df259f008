namespace TenantOperator.Policy.Evaluation;

/// <summary>The transport protocols a NetworkPolicy port can name (<c>TCP</c> is the default).</summary>
public enum TransportProtocol
{
    /// <summary><c>TCP</c>, the default when a port or container port names no protocol.</summary>
    Tcp,

    /// <summary><c>UDP</c>.</summary>
    Udp,

    /// <summary><c>SCTP</c>.</summary>
    Sctp,
}
