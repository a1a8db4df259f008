namespace TenantOperator.LocalApiServer.Protobuf;

/// <summary>
/// The protobuf layouts of the built-in kinds kubectl's typed clients send as protobuf (<c>kubectl create
/// namespace|configmap|serviceaccount</c>), from k8s.io/api and apimachinery's generated.proto.
/// </summary>
internal static class KubernetesProtoSchemas
{
    private static readonly ProtoMessage OwnerReference = new(new Dictionary<int, ProtoField>
    {
        [1] = new("kind", ProtoFieldKind.String),
        [3] = new("name", ProtoFieldKind.String),
        [4] = new("uid", ProtoFieldKind.String),
        [5] = new("apiVersion", ProtoFieldKind.String),
        [6] = new("controller", ProtoFieldKind.Bool),
        [7] = new("blockOwnerDeletion", ProtoFieldKind.Bool),
    });

    internal static readonly ProtoMessage ObjectMeta = new(new Dictionary<int, ProtoField>
    {
        [1] = new("name", ProtoFieldKind.String),
        [2] = new("generateName", ProtoFieldKind.String),
        [3] = new("namespace", ProtoFieldKind.String),
        [5] = new("uid", ProtoFieldKind.String),
        [6] = new("resourceVersion", ProtoFieldKind.String),
        [7] = new("generation", ProtoFieldKind.Int64),
        [8] = new("creationTimestamp", ProtoFieldKind.Time),
        [9] = new("deletionTimestamp", ProtoFieldKind.Time),
        [10] = new("deletionGracePeriodSeconds", ProtoFieldKind.Int64),
        [11] = new("labels", ProtoFieldKind.StringMap),
        [12] = new("annotations", ProtoFieldKind.StringMap),
        [13] = new("ownerReferences", ProtoFieldKind.Message, Repeated: true, Message: OwnerReference),
        [14] = new("finalizers", ProtoFieldKind.String, Repeated: true),
    });

    private static readonly ProtoMessage LocalObjectReference = new(new Dictionary<int, ProtoField>
    {
        [1] = new("name", ProtoFieldKind.String),
    });

    private static readonly ProtoMessage ObjectReference = new(new Dictionary<int, ProtoField>
    {
        [1] = new("kind", ProtoFieldKind.String),
        [2] = new("namespace", ProtoFieldKind.String),
        [3] = new("name", ProtoFieldKind.String),
        [4] = new("uid", ProtoFieldKind.String),
        [5] = new("apiVersion", ProtoFieldKind.String),
        [6] = new("resourceVersion", ProtoFieldKind.String),
        [7] = new("fieldPath", ProtoFieldKind.String),
    });

    /// <summary>Kinds by apiVersion/kind.</summary>
    public static IReadOnlyDictionary<string, ProtoMessage> Kinds { get; } = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal)
    {
        ["v1/Namespace"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("spec", ProtoFieldKind.Message, Message: new(new Dictionary<int, ProtoField> { [1] = new("finalizers", ProtoFieldKind.String, Repeated: true) })),
        }),
        ["v1/ConfigMap"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("data", ProtoFieldKind.StringMap),
            [3] = new("binaryData", ProtoFieldKind.BytesMap),
            [4] = new("immutable", ProtoFieldKind.Bool),
        }),
        ["v1/ServiceAccount"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("secrets", ProtoFieldKind.Message, Repeated: true, Message: ObjectReference),
            [3] = new("automountServiceAccountToken", ProtoFieldKind.Bool),
            [4] = new("imagePullSecrets", ProtoFieldKind.Message, Repeated: true, Message: LocalObjectReference),
        }),
        ["v1/Secret"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("data", ProtoFieldKind.BytesMap),
            [3] = new("type", ProtoFieldKind.String),
            [4] = new("stringData", ProtoFieldKind.StringMap),
            [5] = new("immutable", ProtoFieldKind.Bool),
        }),
    };
}
