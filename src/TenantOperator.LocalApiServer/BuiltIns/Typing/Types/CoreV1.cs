using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>
/// k8s.io/api/core/v1 kinds this server serves. Pods are modelled down to containers, their ports, env and resources;
/// the deeper parts (volumes, probes, security contexts, affinity, statuses of containers, ...) are kept as sent.
/// </summary>
internal static class CoreV1
{
    public static GoStruct ObjectReference { get; } = Struct("v1", "ObjectReference",
        Field("kind", Str),
        Field("namespace", Str),
        Field("name", Str),
        Field("uid", Named("types.UID")),
        Field("apiVersion", Str),
        Field("resourceVersion", Str),
        Field("fieldPath", Str));

    public static GoStruct LocalObjectReference { get; } = Struct("v1", "LocalObjectReference", Field("name", Str));

    public static GoStruct EventSource { get; } = Struct("v1", "EventSource", Field("component", Str), Field("host", Str));

    public static GoStruct Namespace { get; } = MetaV1.Kind("v1", "Namespace",
        Field("spec", Struct("v1", "NamespaceSpec", Field("finalizers", SliceOf(Named("v1.FinalizerName"))))),
        Field("status", Struct("v1", "NamespaceStatus",
            Field("phase", Named("v1.NamespacePhase")),
            Field("conditions", SliceOf(Struct("v1", "NamespaceCondition",
                Always("type", Named("v1.NamespaceConditionType")),
                Always("status", Named("v1.ConditionStatus")),
                Field("lastTransitionTime", GoTime.Time),
                Field("reason", Str),
                Field("message", Str)))))));

    public static GoStruct ConfigMap { get; } = MetaV1.Kind("v1", "ConfigMap",
        Pointer("immutable", Bool),
        Field("data", MapOf(Str)),
        Field("binaryData", MapOf(GoBytes.Instance)));

    public static GoStruct ServiceAccount { get; } = MetaV1.Kind("v1", "ServiceAccount",
        Field("secrets", SliceOf(ObjectReference)),
        Field("imagePullSecrets", SliceOf(LocalObjectReference)),
        Pointer("automountServiceAccountToken", Bool));

    public static GoStruct Event { get; } = MetaV1.Kind("v1", "Event",
        Always("involvedObject", ObjectReference),
        Field("reason", Str),
        Field("message", Str),
        Field("source", EventSource),
        Field("firstTimestamp", GoTime.Time),
        Field("lastTimestamp", GoTime.Time),
        Field("count", GoInt32),
        Field("type", Str),
        Field("eventTime", GoTime.MicroTime),
        Pointer("series", Struct("v1", "EventSeries",
            Field("count", GoInt32),
            Field("lastObservedTime", GoTime.MicroTime))),
        Field("action", Str),
        Pointer("related", ObjectReference),
        Always("reportingComponent", Str),
        Always("reportingInstance", Str));

    private static GoStruct ContainerPort { get; } = Struct("v1", "ContainerPort",
        Field("name", Str),
        Field("hostPort", GoInt32),
        Always("containerPort", GoInt32),
        Field("protocol", Named("v1.Protocol")),
        Field("hostIP", Str));

    private static GoStruct EnvVar { get; } = Struct("v1", "EnvVar",
        Always("name", Str),
        Field("value", Str),
        Pointer("valueFrom", Raw("v1.EnvVarSource")));

    private static GoStruct ResourceRequirements { get; } = Struct("v1", "ResourceRequirements",
        Field("limits", MapOf(Raw("resource.Quantity"))),
        Field("requests", MapOf(Raw("resource.Quantity"))),
        Field("claims", RawList("[]v1.ResourceClaim")));

    private static GoStruct Container { get; } = Struct("v1", "Container",
        Always("name", Str),
        Field("image", Str),
        Field("command", SliceOf(Str)),
        Field("args", SliceOf(Str)),
        Field("workingDir", Str),
        Field("ports", SliceOf(ContainerPort)),
        Field("envFrom", RawList("[]v1.EnvFromSource")),
        Field("env", SliceOf(EnvVar)),
        Field("resources", ResourceRequirements),
        Field("resizePolicy", RawList("[]v1.ContainerResizePolicy")),
        Pointer("restartPolicy", Named("v1.ContainerRestartPolicy")),
        Field("volumeMounts", RawList("[]v1.VolumeMount")),
        Field("volumeDevices", RawList("[]v1.VolumeDevice")),
        Pointer("livenessProbe", Raw("v1.Probe")),
        Pointer("readinessProbe", Raw("v1.Probe")),
        Pointer("startupProbe", Raw("v1.Probe")),
        Pointer("lifecycle", Raw("v1.Lifecycle")),
        Field("terminationMessagePath", Str),
        Field("terminationMessagePolicy", Named("v1.TerminationMessagePolicy")),
        Field("imagePullPolicy", Named("v1.PullPolicy")),
        Pointer("securityContext", Raw("v1.SecurityContext")),
        Field("stdin", Bool),
        Field("stdinOnce", Bool),
        Field("tty", Bool));

    private static GoStruct PodSpec { get; } = Struct("v1", "PodSpec",
        Field("volumes", RawList("[]v1.Volume")),
        Field("initContainers", SliceOf(Container)),
        Always("containers", SliceOf(Container)),
        Field("ephemeralContainers", RawList("[]v1.EphemeralContainer")),
        Field("restartPolicy", Named("v1.RestartPolicy")),
        Pointer("terminationGracePeriodSeconds", GoInt64),
        Pointer("activeDeadlineSeconds", GoInt64),
        Field("dnsPolicy", Named("v1.DNSPolicy")),
        Field("nodeSelector", MapOf(Str)),
        Field("serviceAccountName", Str),
        Field("serviceAccount", Str),
        Pointer("automountServiceAccountToken", Bool),
        Field("nodeName", Str),
        Field("hostNetwork", Bool),
        Field("hostPID", Bool),
        Field("hostIPC", Bool),
        Pointer("shareProcessNamespace", Bool),
        Pointer("securityContext", Raw("v1.PodSecurityContext")),
        Field("imagePullSecrets", SliceOf(LocalObjectReference)),
        Field("hostname", Str),
        Field("subdomain", Str),
        Pointer("affinity", Raw("v1.Affinity")),
        Field("schedulerName", Str),
        Field("tolerations", RawList("[]v1.Toleration")),
        Field("hostAliases", RawList("[]v1.HostAlias")),
        Field("priorityClassName", Str),
        Pointer("priority", GoInt32),
        Pointer("dnsConfig", Raw("v1.PodDNSConfig")),
        Field("readinessGates", RawList("[]v1.PodReadinessGate")),
        Pointer("runtimeClassName", Str),
        Pointer("enableServiceLinks", Bool),
        Pointer("preemptionPolicy", Named("v1.PreemptionPolicy")),
        Field("overhead", MapOf(Raw("resource.Quantity"))),
        Field("topologySpreadConstraints", RawList("[]v1.TopologySpreadConstraint")),
        Pointer("setHostnameAsFQDN", Bool),
        Pointer("os", Raw("v1.PodOS")),
        Pointer("hostUsers", Bool),
        Field("schedulingGates", RawList("[]v1.PodSchedulingGate")),
        Field("resourceClaims", RawList("[]v1.PodResourceClaim")),
        Pointer("resources", ResourceRequirements));

    private static GoStruct PodIP { get; } = Struct("v1", "PodIP", Always("ip", Str));

    private static GoStruct PodStatus { get; } = Struct("v1", "PodStatus",
        Field("phase", Named("v1.PodPhase")),
        Field("conditions", RawList("[]v1.PodCondition")),
        Field("message", Str),
        Field("reason", Str),
        Field("nominatedNodeName", Str),
        Field("hostIP", Str),
        Field("hostIPs", SliceOf(Struct("v1", "HostIP", Always("ip", Str)))),
        Field("podIP", Str),
        Field("podIPs", SliceOf(PodIP)),
        Pointer("startTime", GoTime.Time),
        Field("initContainerStatuses", RawList("[]v1.ContainerStatus")),
        Field("containerStatuses", RawList("[]v1.ContainerStatus")),
        Field("qosClass", Named("v1.PodQOSClass")),
        Field("ephemeralContainerStatuses", RawList("[]v1.ContainerStatus")),
        Field("resize", Named("v1.PodResizeStatus")),
        Field("resourceClaimStatuses", RawList("[]v1.PodResourceClaimStatus")));

    public static GoStruct Pod { get; } = MetaV1.Kind("v1", "Pod", Field("spec", PodSpec), Field("status", PodStatus));
}
