namespace TenantOperator.Policy.Evaluation;

/// <summary>A port a pod's container declares (<c>spec.containers[].ports[]</c>).</summary>
/// <param name="Name">The port's name, which NetworkPolicies can use in place of the number; null when unnamed.</param>
/// <param name="Port">The container port number.</param>
/// <param name="Protocol">The protocol (TCP when the container port names none).</param>
public sealed record ContainerPortInfo(string? Name, int Port, TransportProtocol Protocol)
{
    /// <summary>The port as a <see cref="ProtocolPort"/>.</summary>
    public ProtocolPort ProtocolPort => new(Protocol, Port);
}
