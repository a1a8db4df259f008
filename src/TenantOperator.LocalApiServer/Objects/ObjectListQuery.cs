using TenantOperator.LocalApiServer.Selectors;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Objects;

/// <summary>What a list or watch selects: namespace (null for all), label and field selectors.</summary>
internal sealed record ObjectListQuery(string? Namespace, LabelSelector Labels, FieldSelector Fields)
{
    public static ObjectListQuery All(string? ns) => new(ns, LabelSelector.Everything, FieldSelector.Everything);

    public bool Matches(StoredObject obj) =>
        (Namespace is null || obj.Namespace == Namespace) && Labels.Matches(obj.Labels) && Fields.Matches(obj.Fields);
}
