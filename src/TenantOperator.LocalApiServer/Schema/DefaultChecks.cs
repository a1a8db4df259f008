using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema.Cel;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// The CRD-creation checks of <c>default</c> values: a default must not contain fields the schema would prune,
/// and must itself be valid against its node's schema, including its CEL rules.
/// </summary>
internal static class DefaultChecks
{
    public static void Check(SchemaNode root, FieldPath path, CelValidator cel, List<StatusCause> errors) =>
        Visit(root, path, cel, errors, insideMeta: false, isRoot: true);

    private static void Visit(SchemaNode node, FieldPath path, CelValidator cel, List<StatusCause> errors, bool insideMeta, bool isRoot)
    {
        if (node.HasDefault && node.Default is not null && !insideMeta)
        {
            var defaultPath = path.Child("default");
            var pruned = node.Default.DeepClone();
            Pruner.Prune(pruned, node, node.EmbeddedResource);
            if (!JsonNode.DeepEquals(pruned, node.Default))
            {
                errors.Add(FieldErrors.Invalid(defaultPath.ToString(), node.Default, "must not have unknown fields"));
            }
            var found = new List<StatusCause>();
            OpenApiValidator.Validate(node.Default.DeepClone(), null, false, node, "", found);
            foreach (var error in found)
            {
                errors.Add(error with { Field = error.Field == FieldErrors.NoField ? defaultPath.ToString() : defaultPath.Child(error.Field).ToString() });
            }
            if (found.Count == 0)
            {
                cel.Validate(node.Default.DeepClone(), null, false, node, defaultPath, false, errors);
            }
        }
        if (node.Items is not null)
        {
            Visit(node.Items, path.Child("items"), cel, errors, insideMeta, false);
        }
        foreach (var (name, property) in node.PropertyList)
        {
            var childInsideMeta = insideMeta || ((isRoot || node.EmbeddedResource) && name is "metadata" or "apiVersion" or "kind");
            Visit(property, path.Child("properties").Key(name), cel, errors, childInsideMeta, false);
        }
    }
}
