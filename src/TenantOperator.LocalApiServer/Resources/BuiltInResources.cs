using TenantOperator.LocalApiServer.Patching;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>The built-in resources the server serves (issue 4 §2), with their Kubernetes object rules.</summary>
internal static class BuiltInResources
{
    // The merging lists of a PodSpec, relative to it: a Pod's spec and a Deployment's spec.template.spec.
    private static readonly Dictionary<string, ListStrategy> PodSpecLists = new(StringComparer.Ordinal)
    {
        ["containers"] = ListStrategy.ByKey("name"),
        ["initContainers"] = ListStrategy.ByKey("name"),
        ["ephemeralContainers"] = ListStrategy.ByKey("name"),
        ["volumes"] = ListStrategy.ByKey("name"),
        ["imagePullSecrets"] = ListStrategy.ByKey("name"),
        ["hostAliases"] = ListStrategy.ByKey("ip"),
        ["resourceClaims"] = ListStrategy.ByKey("name"),
        ["schedulingGates"] = ListStrategy.ByKey("name"),
        ["containers.env"] = ListStrategy.ByKey("name"),
        ["containers.ports"] = ListStrategy.ByKey("containerPort"),
        ["containers.volumeMounts"] = ListStrategy.ByKey("mountPath"),
        ["containers.volumeDevices"] = ListStrategy.ByKey("devicePath"),
        ["initContainers.env"] = ListStrategy.ByKey("name"),
        ["initContainers.ports"] = ListStrategy.ByKey("containerPort"),
        ["initContainers.volumeMounts"] = ListStrategy.ByKey("mountPath"),
        ["initContainers.volumeDevices"] = ListStrategy.ByKey("devicePath"),
    };

    private static readonly StrategicPatchSchema PodPatch = new(new Dictionary<string, ListStrategy>(
        Under("spec.", PodSpecLists).Concat(new Dictionary<string, ListStrategy>
        {
            ["status.conditions"] = ListStrategy.ByKey("type"),
            ["status.podIPs"] = ListStrategy.ByKey("ip"),
        })));

    private static readonly StrategicPatchSchema DeploymentPatch = new(new Dictionary<string, ListStrategy>(
        Under("spec.template.spec.", PodSpecLists).Append(KeyValuePair.Create("status.conditions", ListStrategy.ByKey("type")))));

    private static readonly StrategicPatchSchema ServicePatch = new(new Dictionary<string, ListStrategy>
    {
        ["spec.ports"] = ListStrategy.ByKey("port"),
        ["status.conditions"] = ListStrategy.ByKey("type"),
    });

    // Namespaces, PodDisruptionBudgets: only their status conditions merge (by type).
    private static readonly StrategicPatchSchema ConditionsPatch = new(new Dictionary<string, ListStrategy>
    {
        ["status.conditions"] = ListStrategy.ByKey("type"),
    });

    private static readonly StrategicPatchSchema ServiceAccountPatch = new(new Dictionary<string, ListStrategy>
    {
        ["secrets"] = ListStrategy.ByKey("name"),
    });

    /// <summary>Every built-in resource version served.</summary>
    public static IReadOnlyList<ResourceDefinition> All { get; } = Build();

    private static List<ResourceDefinition> Build()
    {
        var metadataOnly = StrategicPatchSchema.MetadataOnly;
        return
        [
            Core("namespaces", "Namespace", namespaced: false, metadataOnly) with
            {
                ShortNames = ["ns"], HasStatus = true, ReturnsDeletedObject = true, NameRule = NameRule.Label,
                StrategicPatch = ConditionsPatch,
            },
            Core("pods", "Pod", namespaced: true, PodPatch) with
            {
                ShortNames = ["po"], Categories = ["all"], HasStatus = true, ReturnsDeletedObject = true,
            },
            // Core events are named as path segments; only events.k8s.io/v1 asks for DNS subdomains.
            Core("events", "Event", namespaced: true, metadataOnly) with { ShortNames = ["ev"], NameRule = NameRule.PathSegment },
            Core("configmaps", "ConfigMap", namespaced: true, metadataOnly) with { ShortNames = ["cm"] },
            Core("serviceaccounts", "ServiceAccount", namespaced: true, ServiceAccountPatch) with { ShortNames = ["sa"] },
            Core("secrets", "Secret", namespaced: true, metadataOnly) with { Converter = SecretConverter.Instance },
            // The kinds config/default installs besides these (issue 11): stored with their schemas, nothing runs them.
            Core("services", "Service", namespaced: true, ServicePatch) with { ShortNames = ["svc"], Categories = ["all"], HasStatus = true },
            Grouped("apps", "v1", "deployments", "Deployment", namespaced: true, DeploymentPatch) with
            {
                ShortNames = ["deploy"], Categories = ["all"], HasStatus = true, TracksGeneration = true,
            },
            Grouped("events.k8s.io", "v1", "events", "Event", namespaced: true, metadataOnly) with
            {
                ShortNames = ["ev"], StorageKey = "events", StorageApiVersion = "v1", Converter = EventsV1Converter.Instance,
                ExtraSelectableFields = SelectableFields.ExtraFieldsFor("events"),
            },
            Grouped("networking.k8s.io", "v1", "networkpolicies", "NetworkPolicy", namespaced: true, metadataOnly) with
            {
                ShortNames = ["netpol"], TracksGeneration = true,
            },
            Grouped("policy", "v1", "poddisruptionbudgets", "PodDisruptionBudget", namespaced: true, ConditionsPatch) with
            {
                ShortNames = ["pdb"], HasStatus = true, TracksGeneration = true,
            },
            Grouped("scheduling.k8s.io", "v1", "priorityclasses", "PriorityClass", namespaced: false, metadataOnly) with { ShortNames = ["pc"] },
            Grouped("coordination.k8s.io", "v1", "leases", "Lease", namespaced: true, metadataOnly),
            Grouped("apiextensions.k8s.io", "v1", "customresourcedefinitions", "CustomResourceDefinition", namespaced: false, metadataOnly) with
            {
                ShortNames = ["crd", "crds"], Categories = ["api-extensions"], HasStatus = true, TracksGeneration = true,
                ReturnsDeletedObject = true,
            },
            Rbac("roles", "Role", namespaced: true),
            Rbac("rolebindings", "RoleBinding", namespaced: true),
            Rbac("clusterroles", "ClusterRole", namespaced: false),
            Rbac("clusterrolebindings", "ClusterRoleBinding", namespaced: false),
            Grouped("admissionregistration.k8s.io", "v1", "validatingadmissionpolicies", "ValidatingAdmissionPolicy", namespaced: false, metadataOnly) with
            {
                Categories = ["api-extensions"], HasStatus = true, TracksGeneration = true,
            },
            Grouped("admissionregistration.k8s.io", "v1", "validatingadmissionpolicybindings", "ValidatingAdmissionPolicyBinding", namespaced: false, metadataOnly) with
            {
                Categories = ["api-extensions"], TracksGeneration = true,
            },
        ];
    }

    private static IEnumerable<KeyValuePair<string, ListStrategy>> Under(string prefix, Dictionary<string, ListStrategy> lists) =>
        lists.Select(l => KeyValuePair.Create(prefix + l.Key, l.Value));

    private static ResourceDefinition Core(string resource, string kind, bool namespaced, StrategicPatchSchema patch) => new()
    {
        Group = string.Empty,
        Version = "v1",
        Resource = resource,
        Kind = kind,
        Namespaced = namespaced,
        StorageKey = resource,
        StorageApiVersion = "v1",
        StrategicPatch = patch,
        ExtraSelectableFields = SelectableFields.ExtraFieldsFor(resource),
    };

    private static ResourceDefinition Grouped(string group, string version, string resource, string kind, bool namespaced, StrategicPatchSchema patch) => new()
    {
        Group = group,
        Version = version,
        Resource = resource,
        Kind = kind,
        Namespaced = namespaced,
        StorageKey = $"{resource}.{group}",
        StorageApiVersion = $"{group}/{version}",
        StrategicPatch = patch,
    };

    private static ResourceDefinition Rbac(string resource, string kind, bool namespaced) =>
        Grouped("rbac.authorization.k8s.io", "v1", resource, kind, namespaced, StrategicPatchSchema.MetadataOnly) with
        {
            NameRule = NameRule.PathSegment,
        };
}
