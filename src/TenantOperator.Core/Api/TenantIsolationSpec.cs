using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>The desired isolation of a tenant.</summary>
[Description("The desired isolation of a tenant.")]
[CelRule("has(self.namespaceSelector) || (has(self.namespaces) && size(self.namespaces) > 0)",
    "at least one of namespaceSelector or namespaces is required", FieldPath = ".namespaceSelector", Reason = "FieldValueRequired")]
public sealed class TenantIsolationSpec
{
    /// <summary>Member namespaces: those whose labels match.</summary>
    [JsonPropertyName("namespaceSelector")]
    [Description("Selects member namespaces by their labels. Whoever may label namespaces can join or leave the tenant; where namespace owners edit their own labels, prefer namespaces.")]
    public LabelSelector? NamespaceSelector { get; set; }

    /// <summary>Member namespaces by name, in addition to those selected.</summary>
    [JsonPropertyName("namespaces")]
    [Description("Member namespaces by name, in addition to those namespaceSelector selects.")]
    [ListSet]
    [MaxLength(1000)]
    [Items(Pattern = Patterns.DnsLabel, MaxLength = 63)]
    public IList<string>? Namespaces { get; set; }

    /// <summary>Enforce (default) or DryRun.</summary>
    [JsonPropertyName("mode")]
    [Description("Enforce (default) keeps the policies in place; DryRun plans and reports what would change and writes no NetworkPolicy.")]
    [AllowedValues(IsolationMode.Enforce, IsolationMode.DryRun)]
    public string? Mode { get; set; }

    /// <summary>Open (default) or Gated: whether pods wait for the tenant's policies in a new member namespace.</summary>
    [JsonPropertyName("podAdmission")]
    [Description("Open (default) admits pods in a member namespace at once. Gated refuses them, with a message to retry, until the operator has put the tenant's NetworkPolicies in place there and labelled it isolation.tenantoperator.io/isolated=true; needs the shipped guardrail tenant-operator-gate-pods. Trades availability for safety: while the operator is down, new member namespaces admit no pods.")]
    [AllowedValues(PodAdmissionMode.Open, PodAdmissionMode.Gated)]
    public string? PodAdmission { get; set; }

    /// <summary>Whether member namespaces reach each other (default true).</summary>
    [JsonPropertyName("allowIntraTenant")]
    [Description("Whether pods in the member namespaces may reach each other. Defaults to true.")]
    public bool? AllowIntraTenant { get; set; }

    /// <summary>The DNS egress allowance.</summary>
    [JsonPropertyName("dns")]
    [Description("Egress to the cluster DNS. Defaults to allowed, to kube-system pods labelled k8s-app=kube-dns, on 53/UDP and 53/TCP.")]
    public DnsPolicy? Dns { get; set; }

    /// <summary>Extra allows into the tenant's pods.</summary>
    [JsonPropertyName("ingress")]
    [Description("Extra allows into the tenant's pods, one NetworkPolicy per rule.")]
    [ListMap("name")]
    [MaxLength(64)]
    public IList<TenantIngressRule>? Ingress { get; set; }

    /// <summary>Extra allows out of the tenant's pods.</summary>
    [JsonPropertyName("egress")]
    [Description("Extra allows out of the tenant's pods, one NetworkPolicy per rule.")]
    [ListMap("name")]
    [MaxLength(64)]
    public IList<TenantEgressRule>? Egress { get; set; }

    /// <summary>Members left unisolated by an admin, with the reason.</summary>
    [JsonPropertyName("exemptNamespaces")]
    [Description("Namespaces of the tenant that are left unisolated, with the reason, shown in status.excludedNamespaces.")]
    [ListMap("name")]
    [MaxLength(256)]
    public IList<ExemptNamespace>? ExemptNamespaces { get; set; }
}
