namespace TenantOperator.LocalApiServer.Protobuf;

/// <summary>
/// The protobuf layouts of the access kinds kubectl's typed clients send as protobuf: authentication.k8s.io/v1 and
/// authorization.k8s.io/v1 requests (<c>kubectl create token</c>, <c>kubectl auth can-i</c>, <c>kubectl auth
/// whoami</c>) and the RBAC objects of <c>kubectl create role|clusterrole|rolebinding|clusterrolebinding</c>, from
/// k8s.io/api's generated.proto. Selector attributes of access reviews are not decoded: RBAC does not read them.
/// </summary>
internal static class AccessProtoSchemas
{
    private static readonly ProtoMessage ObjectMeta = KubernetesProtoSchemas.ObjectMeta;

    private static readonly ProtoMessage PolicyRule = new(new Dictionary<int, ProtoField>
    {
        [1] = new("verbs", ProtoFieldKind.String, Repeated: true),
        [2] = new("apiGroups", ProtoFieldKind.String, Repeated: true),
        [3] = new("resources", ProtoFieldKind.String, Repeated: true),
        [4] = new("resourceNames", ProtoFieldKind.String, Repeated: true),
        [5] = new("nonResourceURLs", ProtoFieldKind.String, Repeated: true),
    });

    private static readonly ProtoMessage LabelSelector = new(new Dictionary<int, ProtoField>
    {
        [1] = new("matchLabels", ProtoFieldKind.StringMap),
        [2] = new("matchExpressions", ProtoFieldKind.Message, Repeated: true, Message: new(new Dictionary<int, ProtoField>
        {
            [1] = new("key", ProtoFieldKind.String),
            [2] = new("operator", ProtoFieldKind.String),
            [3] = new("values", ProtoFieldKind.String, Repeated: true),
        })),
    });

    private static readonly ProtoMessage Binding = new(new Dictionary<int, ProtoField>
    {
        [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
        [2] = new("subjects", ProtoFieldKind.Message, Repeated: true, Message: new(new Dictionary<int, ProtoField>
        {
            [1] = new("kind", ProtoFieldKind.String),
            [2] = new("apiGroup", ProtoFieldKind.String),
            [3] = new("name", ProtoFieldKind.String),
            [4] = new("namespace", ProtoFieldKind.String),
        })),
        [3] = new("roleRef", ProtoFieldKind.Message, Message: new(new Dictionary<int, ProtoField>
        {
            [1] = new("apiGroup", ProtoFieldKind.String),
            [2] = new("kind", ProtoFieldKind.String),
            [3] = new("name", ProtoFieldKind.String),
        })),
    });

    private static readonly ProtoMessage BoundObjectReference = new(new Dictionary<int, ProtoField>
    {
        [1] = new("kind", ProtoFieldKind.String),
        [2] = new("apiVersion", ProtoFieldKind.String),
        [3] = new("name", ProtoFieldKind.String),
        [4] = new("uid", ProtoFieldKind.String),
    });

    private static readonly ProtoMessage ResourceAttributes = new(new Dictionary<int, ProtoField>
    {
        [1] = new("namespace", ProtoFieldKind.String),
        [2] = new("verb", ProtoFieldKind.String),
        [3] = new("group", ProtoFieldKind.String),
        [4] = new("version", ProtoFieldKind.String),
        [5] = new("resource", ProtoFieldKind.String),
        [6] = new("subresource", ProtoFieldKind.String),
        [7] = new("name", ProtoFieldKind.String),
    });

    private static readonly ProtoMessage NonResourceAttributes = new(new Dictionary<int, ProtoField>
    {
        [1] = new("path", ProtoFieldKind.String),
        [2] = new("verb", ProtoFieldKind.String),
    });

    private static readonly ProtoMessage AccessReviewSpec = new(new Dictionary<int, ProtoField>
    {
        [1] = new("resourceAttributes", ProtoFieldKind.Message, Message: ResourceAttributes),
        [2] = new("nonResourceAttributes", ProtoFieldKind.Message, Message: NonResourceAttributes),
        [3] = new("user", ProtoFieldKind.String),
        [4] = new("groups", ProtoFieldKind.String, Repeated: true),
        [6] = new("uid", ProtoFieldKind.String),
    });

    /// <summary>Kinds by apiVersion/kind.</summary>
    public static IReadOnlyDictionary<string, ProtoMessage> Kinds { get; } = new Dictionary<string, ProtoMessage>(StringComparer.Ordinal)
    {
        ["authentication.k8s.io/v1/TokenRequest"] = Review(new(new Dictionary<int, ProtoField>
        {
            [1] = new("audiences", ProtoFieldKind.String, Repeated: true),
            [3] = new("boundObjectRef", ProtoFieldKind.Message, Message: BoundObjectReference),
            [4] = new("expirationSeconds", ProtoFieldKind.Int64),
        })),
        ["authentication.k8s.io/v1/SelfSubjectReview"] = Review(null),
        ["authorization.k8s.io/v1/SelfSubjectAccessReview"] = Review(AccessReviewSpec),
        ["authorization.k8s.io/v1/SubjectAccessReview"] = Review(AccessReviewSpec),
        ["authorization.k8s.io/v1/LocalSubjectAccessReview"] = Review(AccessReviewSpec),
        ["authorization.k8s.io/v1/SelfSubjectRulesReview"] = Review(new(new Dictionary<int, ProtoField> { [1] = new("namespace", ProtoFieldKind.String) })),
        ["rbac.authorization.k8s.io/v1/Role"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("rules", ProtoFieldKind.Message, Repeated: true, Message: PolicyRule),
        }),
        ["rbac.authorization.k8s.io/v1/ClusterRole"] = new(new Dictionary<int, ProtoField>
        {
            [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta),
            [2] = new("rules", ProtoFieldKind.Message, Repeated: true, Message: PolicyRule),
            [3] = new("aggregationRule", ProtoFieldKind.Message, Message: new(new Dictionary<int, ProtoField>
            {
                [1] = new("clusterRoleSelectors", ProtoFieldKind.Message, Repeated: true, Message: LabelSelector),
            })),
        }),
        ["rbac.authorization.k8s.io/v1/RoleBinding"] = Binding,
        ["rbac.authorization.k8s.io/v1/ClusterRoleBinding"] = Binding,
    };

    // metadata = 1, spec = 2 (status, 3, is the server's to fill).
    private static ProtoMessage Review(ProtoMessage? spec)
    {
        var fields = new Dictionary<int, ProtoField> { [1] = new("metadata", ProtoFieldKind.Message, Message: ObjectMeta) };
        if (spec is not null)
        {
            fields[2] = new("spec", ProtoFieldKind.Message, Message: spec);
        }

        return new ProtoMessage(fields);
    }
}
