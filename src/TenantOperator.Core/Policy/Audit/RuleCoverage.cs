using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using TenantOperator.Api.Validation;

namespace TenantOperator.Policy.Audit;

/// <summary>
/// Conservative containment between NetworkPolicy pieces when pods are unknown: "covered" is only said when it holds
/// for every pod the selectors could match. Anything it cannot prove is not covered, so an unproven allow is reported.
/// </summary>
internal static class RuleCoverage
{
    /// <summary>Pods <paramref name="inner"/> may select are all selected by <paramref name="outer"/>: outer is empty, or the same selector.</summary>
    public static bool PodsCovered(V1LabelSelector? outer, V1LabelSelector? inner) =>
        IsEmpty(outer) || (inner is not null && SameSelector(outer!, inner));

    /// <summary>Every port <paramref name="inner"/> allows is allowed by <paramref name="outer"/> (null or empty = every port).</summary>
    public static bool PortsCovered(IList<V1NetworkPolicyPort>? outer, IList<V1NetworkPolicyPort>? inner)
    {
        if (outer is not { Count: > 0 })
        {
            return true;
        }

        return inner is { Count: > 0 } && inner.All(i => outer.Any(o => PortCovered(o, i)));
    }

    /// <summary>The addresses <paramref name="inner"/> allows (cidr minus except) all lie in <paramref name="outer"/>'s.</summary>
    public static bool BlockCovered(V1IPBlock outer, V1IPBlock inner)
    {
        if (!TryParse(outer.Cidr, out var outerCidr) || !TryParse(inner.Cidr, out var innerCidr) || !CidrParser.Contains(outerCidr, innerCidr))
        {
            return false;
        }

        var innerExcepts = (inner.Except ?? []).Select(e => TryParse(e, out var n) ? n : (IPNetwork?)null).OfType<IPNetwork>().ToList();
        foreach (var except in outer.Except ?? [])
        {
            if (!TryParse(except, out var hole))
            {
                return false;
            }

            // A hole of the outer block that overlaps the inner block must be excluded by the inner block too.
            if (CidrParser.Contains(hole, innerCidr))
            {
                return false;
            }

            if (CidrParser.Contains(innerCidr, hole) && !innerExcepts.Any(e => CidrParser.Contains(e, hole)))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>A peer's text for a message: ipBlock 203.0.113.0/24 except [...] etc.</summary>
    public static string Describe(V1IPBlock block) =>
        block.Except is { Count: > 0 } except ? $"{block.Cidr} (except {string.Join(", ", except)})" : block.Cidr;

    /// <summary>The ports of a rule, for a message.</summary>
    public static string Describe(IList<V1NetworkPolicyPort>? ports) =>
        ports is not { Count: > 0 }
            ? "on any port"
            : "on " + string.Join(", ", ports.Select(p => p.Port is null
                ? $"any {p.Protocol ?? "TCP"} port"
                : p.EndPort is { } end ? $"{p.Protocol ?? "TCP"} {p.Port.Value}-{end}" : $"{p.Protocol ?? "TCP"} {p.Port.Value}"));

    private static bool PortCovered(V1NetworkPolicyPort outer, V1NetworkPolicyPort inner)
    {
        if ((outer.Protocol ?? "TCP") != (inner.Protocol ?? "TCP"))
        {
            return false;
        }

        if (outer.Port is null)
        {
            return true;
        }

        if (inner.Port is null)
        {
            return false;
        }

        var outerNumber = Number(outer.Port);
        var innerNumber = Number(inner.Port);
        if (outerNumber is null || innerNumber is null)
        {
            return outerNumber is null && innerNumber is null && outer.Port.Value == inner.Port.Value;
        }

        return innerNumber >= outerNumber && (inner.EndPort ?? innerNumber) <= (outer.EndPort ?? outerNumber);
    }

    private static int? Number(IntOrString port) =>
        int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;

    private static bool IsEmpty(V1LabelSelector? selector) =>
        selector is null || (selector.MatchLabels is not { Count: > 0 } && selector.MatchExpressions is not { Count: > 0 });

    private static bool SameSelector(V1LabelSelector a, V1LabelSelector b) =>
        JsonNode.DeepEquals(JsonNode.Parse(KubernetesJson.Serialize(a)), JsonNode.Parse(KubernetesJson.Serialize(b)));

    private static bool TryParse(string text, out IPNetwork network) =>
        CidrParser.TryParse(text, out network, out _) || IPNetwork.TryParse(text, out network);
}
