using TenantOperator.LocalApiServer.Schema.Cel.Types;

namespace TenantOperator.LocalApiServer.Schema.Cel.Cost;

/// <summary>
/// Sizes values from the schema of the rule's node, as apiextensions' sizeEstimator does
/// (pkg/apiserver/schema/cel/compilation.go, v0.32): the first step of a path names the variable and is skipped (so
/// <c>self</c>, <c>oldSelf</c> and any other root identifier, even a type name such as <c>string</c>, are sized as the
/// rule's node), then fields, <c>@items</c>/<c>@values</c> and <c>@keys</c> walk the declarations; the size is
/// <c>0</c> to the declaration's <see cref="CelDeclType.MaxElements"/>.
/// </summary>
internal sealed class SchemaSizeEstimator(CelDeclType root) : ISizeEstimator
{
    public SizeEstimate? EstimateSize(CostNode node)
    {
        if (node.Path is not { Count: > 0 } path)
        {
            return null;
        }

        var current = root;
        foreach (var step in path.Skip(1))
        {
            var next = step switch
            {
                "@items" or "@values" => current.Element,
                "@keys" => current.Key,
                _ => current.Fields.GetValueOrDefault(step),
            };
            if (next is null)
            {
                return null;
            }

            current = next;
        }

        return new SizeEstimate(0, (ulong)current.MaxElements);
    }
}
