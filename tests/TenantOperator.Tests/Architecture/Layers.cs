namespace TenantOperator.Tests.Architecture;

/// <summary>The layering of the repository (docs/design.md, "Layers"), as rules over the built assemblies.</summary>
internal static class Layers
{
    /// <summary>The namespaces of src/TenantOperator, the operator executable.</summary>
    private static readonly string[] OperatorNamespaces =
        ["TenantOperator.Runtime", "TenantOperator.Controller", "TenantOperator.Cli", "TenantOperator.Hosting", "TenantOperator.Manifests"];

    /// <summary>The namespaces of src/TenantOperator.Core.</summary>
    private static readonly string[] CoreNamespaces = ["TenantOperator.Api", "TenantOperator.Policy"];

    /// <summary>The namespaces of src/TenantOperator.LocalApiServer.</summary>
    private static readonly string[] LocalApiServerNamespaces = ["TenantOperator.LocalApiServer"];

    /// <summary>
    /// The part of KubernetesClient that is data, not a client: the object model and its serializers, and the
    /// interfaces the model types implement. Everything else (the client, watches, configuration, leader election)
    /// talks to a cluster and belongs to the operator's Runtime.
    /// </summary>
    private static readonly HashSet<string> KubernetesClientDataTypes =
    [
        "k8s.KubernetesJson", "k8s.KubernetesYaml",
        "k8s.IKubernetesObject", "k8s.IKubernetesObject`1", "k8s.IMetadata`1", "k8s.ISpec`1", "k8s.IStatus`1", "k8s.IItems`1",
        "k8s.IValidate",
    ];

    /// <summary>Api and Policy: pure, so nothing of the operator's I/O layers and only KubernetesClient's model.</summary>
    public static LayerRule Core { get; } = new(
        "Core",
        ForbiddenAssemblies: ["tenant-operator", "TenantOperator.LocalApiServer"],
        ForbiddenNamespaces: [.. OperatorNamespaces, .. LocalApiServerNamespaces],
        PartlyAllowedAssemblies: new Dictionary<string, Func<TypeName, bool>>
        {
            ["KubernetesClient"] = IsKubernetesClientData,
        });

    /// <summary>The local API server knows Kubernetes, not tenants: it references nothing of the operator.</summary>
    public static LayerRule LocalApiServer { get; } = new(
        "LocalApiServer",
        ForbiddenAssemblies: ["tenant-operator", "TenantOperator.Core"],
        ForbiddenNamespaces: [.. OperatorNamespaces, .. CoreNamespaces],
        PartlyAllowedAssemblies: new Dictionary<string, Func<TypeName, bool>>());

    /// <summary>Kubernetes' shared rules, a leaf under both Core and the LocalApiServer: it references nothing of ours.</summary>
    public static LayerRule ApiMachinery { get; } = new(
        "ApiMachinery",
        ForbiddenAssemblies: ["tenant-operator", "TenantOperator.Core", "TenantOperator.LocalApiServer"],
        ForbiddenNamespaces: [.. OperatorNamespaces, .. CoreNamespaces, .. LocalApiServerNamespaces],
        PartlyAllowedAssemblies: new Dictionary<string, Func<TypeName, bool>>());

    private static bool IsKubernetesClientData(TypeName type) =>
        type.Namespace == "k8s.Models" || type.Namespace.StartsWith("k8s.Models.", StringComparison.Ordinal)
        || KubernetesClientDataTypes.Contains(type.FullName);
}
