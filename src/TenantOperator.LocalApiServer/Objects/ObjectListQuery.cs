using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>What a list or watch selects: namespace (null for all), label and field selectors, and the one
/// name a watch of a single object (<c>/watch/.../{name}</c>) is about.</summary>
internal sealed record ObjectListQuery(string? Namespace, ParsedLabelSelector Labels, FieldSelector Fields, string? Name = null)
{
    public static ObjectListQuery All(string? ns) => new(ns, ParsedLabelSelector.Everything, FieldSelector.Everything);

    public bool Matches(StoredObject obj) =>
        (Namespace is null || obj.Namespace == Namespace) && (Name is null || obj.Name == Name) && Labels.Matches(obj.Labels) && Fields.Matches(obj.Fields);
}
