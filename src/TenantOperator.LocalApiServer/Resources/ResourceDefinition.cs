using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Patching;

namespace TenantOperator.LocalApiServer.Resources;

/// <summary>
/// Everything the server knows about one served resource version: names, scope, subresources, object
/// rules, and for custom resources the CRD that declared it. Immutable; the registry swaps whole values.
/// </summary>
internal sealed record ResourceDefinition
{
    public required string Group { get; init; }

    public required string Version { get; init; }

    /// <summary>The plural, lower-case resource name used in URLs.</summary>
    public required string Resource { get; init; }

    public required string Kind { get; init; }

    public required bool Namespaced { get; init; }

    public string Singular => Kind.ToLowerInvariant();

    public string ListKind => Kind + "List";

    public IReadOnlyList<string> ShortNames { get; init; } = [];

    public IReadOnlyList<string> Categories { get; init; } = [];

    /// <summary>True when the resource has a <c>/status</c> subresource.</summary>
    public bool HasStatus { get; init; }

    /// <summary>True when <c>metadata.generation</c> is kept: 1 on create, +1 on every spec change.</summary>
    public bool TracksGeneration { get; init; }

    /// <summary>True when DELETE answers the deleted object; otherwise it answers a Status Success.</summary>
    public bool ReturnsDeletedObject { get; init; }

    /// <summary>True when PUT without <c>metadata.resourceVersion</c> is allowed (built-ins); custom resources need it.</summary>
    public bool AllowsUnconditionalUpdate { get; init; } = true;

    public NameRule NameRule { get; init; } = NameRule.Subdomain;

    /// <summary>The resource this version's objects are stored under; events.k8s.io events share core events.</summary>
    public required string StorageKey { get; init; }

    /// <summary>The apiVersion objects carry in storage.</summary>
    public required string StorageApiVersion { get; init; }

    public IObjectConverter Converter { get; init; } = IdentityConverter.Instance;

    /// <summary>Strategic-merge-patch metadata; null for custom resources, which refuse that patch type.</summary>
    public StrategicPatchSchema? StrategicPatch { get; init; }

    /// <summary>The field selectors this resource supports besides metadata.name and metadata.namespace.</summary>
    public IReadOnlySet<string> ExtraSelectableFields { get; init; } = new HashSet<string>();

    /// <summary>The name of the CRD that declared this resource, for custom resources.</summary>
    public string? CrdName { get; init; }

    /// <summary>The CRD's <c>openAPIV3Schema</c> for this version, for custom resources that declare one.</summary>
    public JsonObject? OpenApiSchema { get; init; }

    /// <summary>The CRD's <c>additionalPrinterColumns</c> for this version.</summary>
    public JsonArray? PrinterColumns { get; init; }

    /// <summary>True while the declaring CRD is being deleted: no new objects may be created.</summary>
    public bool Terminating { get; init; }

    public bool IsCustom => CrdName is not null;

    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public GroupVersionResource Gvr => new(Group, Version, Resource);

    /// <summary><c>resource.group</c>, or the plain resource for the core group, as in Status messages.</summary>
    public string QualifiedResource => Group.Length == 0 ? Resource : $"{Resource}.{Group}";

    /// <summary><c>Kind.group</c>, or the plain kind for the core group, as in Invalid messages.</summary>
    public string QualifiedKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";

    public static IReadOnlyList<string> AllVerbs { get; } =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
