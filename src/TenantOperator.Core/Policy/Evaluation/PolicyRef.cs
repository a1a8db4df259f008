namespace TenantOperator.Policy.Evaluation;

/// <summary>A NetworkPolicy by namespace and name, written <c>namespace/name</c>.</summary>
public sealed record PolicyRef(string Namespace, string Name)
{
    /// <summary>The <c>namespace/name</c> form.</summary>
    public override string ToString() => $"{Namespace}/{Name}";
}

/// <summary>One rule of a NetworkPolicy: its <paramref name="Index"/> in <c>spec.ingress</c> or <c>spec.egress</c>.</summary>
public sealed record RuleRef(PolicyRef Policy, TrafficDirection Direction, int Index)
{
    /// <summary>The <c>namespace/name ingress[0]</c> form.</summary>
    public override string ToString() => $"{Policy} {(Direction == TrafficDirection.Ingress ? "ingress" : "egress")}[{Index}]";
}
