using static TenantOperator.LocalApiServer.BuiltIns.Typing.Types.GoTypeBuilder;

namespace TenantOperator.LocalApiServer.BuiltIns.Typing.Types;

/// <summary>k8s.io/apimachinery/pkg/apis/meta/v1 types shared by every kind.</summary>
internal static class MetaV1
{
    public static GoStruct OwnerReference { get; } = Struct("v1", "OwnerReference",
        Always("apiVersion", Str),
        Always("kind", Str),
        Always("name", Str),
        Always("uid", Named("types.UID")),
        Pointer("controller", Bool),
        Pointer("blockOwnerDeletion", Bool));

    public static GoStruct ManagedFieldsEntry { get; } = Struct("v1", "ManagedFieldsEntry",
        Field("manager", Str),
        Field("operation", Named("v1.ManagedFieldsOperationType")),
        Field("apiVersion", Str),
        Pointer("time", GoTime.Time),
        Field("fieldsType", Str),
        Pointer("fieldsV1", Raw("v1.FieldsV1")),
        Field("subresource", Str));

    public static GoStruct ObjectMeta { get; } = Struct("v1", "ObjectMeta",
        Field("name", Str),
        Field("generateName", Str),
        Field("namespace", Str),
        Field("selfLink", Str),
        Field("uid", Named("types.UID")),
        Field("resourceVersion", Str),
        Field("generation", GoInt64),
        Field("creationTimestamp", GoTime.Time),
        Pointer("deletionTimestamp", GoTime.Time),
        Pointer("deletionGracePeriodSeconds", GoInt64),
        Field("labels", MapOf(Str)),
        Field("annotations", MapOf(Str)),
        Field("ownerReferences", SliceOf(OwnerReference)),
        Field("finalizers", SliceOf(Str)),
        Field("managedFields", SliceOf(ManagedFieldsEntry)));

    public static GoStruct LabelSelectorRequirement { get; } = Struct("v1", "LabelSelectorRequirement",
        Always("key", Str),
        Always("operator", Named("v1.LabelSelectorOperator")),
        Field("values", SliceOf(Str)));

    public static GoStruct LabelSelector { get; } = Struct("v1", "LabelSelector",
        Field("matchLabels", MapOf(Str)),
        Field("matchExpressions", SliceOf(LabelSelectorRequirement)));

    /// <summary>The TypeMeta fields, then <c>metadata</c> (with omitempty, which a struct ignores), then the kind's own.</summary>
    public static GoStruct Kind(string package, string name, params GoField[] fields) =>
        Struct(package, name, [.. TypeMeta, Field("metadata", ObjectMeta), .. fields]);
}
