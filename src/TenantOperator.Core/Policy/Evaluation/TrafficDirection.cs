namespace TenantOperator.Policy.Evaluation;

/// <summary>A direction a NetworkPolicy can govern (<c>spec.policyTypes</c>).</summary>
public enum TrafficDirection
{
    /// <summary>Connections into the selected pods (<c>spec.ingress</c>, peers in <c>from</c>).</summary>
    Ingress,

    /// <summary>Connections out of the selected pods (<c>spec.egress</c>, peers in <c>to</c>).</summary>
    Egress,
}
