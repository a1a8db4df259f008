using k8s.Models;
using TenantOperator.Api;

namespace TenantOperator.Policy.Planning;

/// <summary>Converts our API's Kubernetes-shaped types to KubernetesClient's models, with sorted, defaulted content.</summary>
public static class ApiModelConversions
{
    /// <summary>A label selector; null stays null. matchLabels are copied in key order so output is deterministic.</summary>
    public static V1LabelSelector? ToV1(this LabelSelector? selector) => selector is null ? null : new V1LabelSelector
    {
        MatchLabels = selector.MatchLabels is { Count: > 0 } labels
            ? labels.OrderBy(l => l.Key, StringComparer.Ordinal).ToDictionary(l => l.Key, l => l.Value)
            : null,
        MatchExpressions = selector.MatchExpressions is { Count: > 0 } expressions
            ? expressions.Select(e => new V1LabelSelectorRequirement
            {
                Key = e.Key,
                OperatorProperty = e.Operator,
                Values = e.Values is { Count: > 0 } values ? values.ToList() : null,
            }).ToList()
            : null,
    };

    /// <summary>A port, with the protocol defaulted to TCP as the API server would store it.</summary>
    public static V1NetworkPolicyPort ToV1(this PolicyPort port) => new()
    {
        Protocol = port.Protocol ?? "TCP",
        Port = port.Port,
        EndPort = port.EndPort,
    };

    /// <summary>An IP block.</summary>
    public static V1IPBlock ToV1(this IPBlock block) => new()
    {
        Cidr = block.Cidr,
        Except = block.Except is { Count: > 0 } except ? except.ToList() : null,
    };

    /// <summary>The empty selector <c>{}</c>.</summary>
    public static V1LabelSelector Everything() => new();

    /// <summary>Namespaces by name, through the immutable label the API server sets on every namespace.</summary>
    public static V1LabelSelector NamespacesNamed(IEnumerable<string> names) => new()
    {
        MatchExpressions =
        [
            new V1LabelSelectorRequirement
            {
                Key = WellKnown.NamespaceNameLabel,
                OperatorProperty = "In",
                Values = names.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList(),
            },
        ],
    };
}
