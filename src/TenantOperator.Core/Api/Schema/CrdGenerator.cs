using k8s.Models;

namespace TenantOperator.Api.Schema;

/// <summary>
/// Builds the TenantIsolation CustomResourceDefinition from the C# types: a structural schema with a description on
/// every field, the CEL rules, the status subresource and the printer columns <c>kubectl get ti</c> shows.
/// </summary>
public static class CrdGenerator
{
    /// <summary>The CRD's name: plural.group.</summary>
    public const string CrdName = TenantIsolation.Plural + "." + TenantIsolation.Group;

    /// <summary>The generated CRD.</summary>
    public static V1CustomResourceDefinition Generate() => new()
    {
        ApiVersion = "apiextensions.k8s.io/v1",
        Kind = "CustomResourceDefinition",
        Metadata = new V1ObjectMeta
        {
            Name = CrdName,
            Labels = new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "tenant-operator" },
        },
        Spec = new V1CustomResourceDefinitionSpec
        {
            Group = TenantIsolation.Group,
            Scope = "Cluster",
            Names = new V1CustomResourceDefinitionNames
            {
                Plural = TenantIsolation.Plural,
                Singular = "tenantisolation",
                Kind = TenantIsolation.KindName,
                ListKind = TenantIsolation.KindName + "List",
                ShortNames = ["ti"],
                Categories = ["tenancy"],
            },
            Versions =
            [
                new V1CustomResourceDefinitionVersion
                {
                    Name = TenantIsolation.Version,
                    Served = true,
                    Storage = true,
                    Schema = new V1CustomResourceValidation { OpenAPIV3Schema = ToJsonSchema(ApiSchemaReflector.TenantIsolation) },
                    Subresources = new V1CustomResourceSubresources { Status = new object() },
                    AdditionalPrinterColumns = PrinterColumns(),
                },
            ],
        },
    };

    private static List<V1CustomResourceColumnDefinition> PrinterColumns() =>
    [
        Column("Mode", "string", ".status.mode", "The mode in effect: Enforce or DryRun."),
        Column("Namespaces", "integer", ".status.namespaceCount", "The number of member namespaces."),
        Column("Policies", "integer", ".status.policyCount", "The number of NetworkPolicies kept for the tenant."),
        Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", "Whether the policies match the spec."),
        Column("Isolated", "string", ".status.conditions[?(@.type==\"Isolated\")].status", "Whether no other policy opens the tenant boundary."),
        Column("Reason", "string", ".status.conditions[?(@.type==\"Ready\")].reason", "The reason of the Ready condition."),
        Column("Age", "date", ".metadata.creationTimestamp", "Time since the tenant was created."),
    ];

    private static V1CustomResourceColumnDefinition Column(string name, string type, string path, string description) =>
        new() { Name = name, Type = type, JsonPath = path, Description = description };

    /// <summary>Maps a reflected schema node to an OpenAPI v3 schema as the API server expects it.</summary>
    public static V1JSONSchemaProps ToJsonSchema(ApiSchemaNode node)
    {
        var schema = new V1JSONSchemaProps
        {
            Description = node.Description,
            Format = node.Format,
            Pattern = node.Pattern,
            MinLength = node.MinLength,
            MaxLength = node.MaxLength,
            MinItems = node.MinItems,
            MaxItems = node.MaxItems,
            MaxProperties = node.MaxProperties,
            Minimum = node.Minimum,
            Maximum = node.Maximum,
            EnumProperty = node.Enum?.Cast<object>().ToList(),
            XKubernetesListType = node.ListType,
            XKubernetesListMapKeys = node.ListMapKeys?.ToList(),
            XKubernetesValidations = node.Rules.Count == 0 ? null : node.Rules.Select(ToValidationRule).ToList(),
        };

        switch (node.Kind)
        {
            case SchemaKind.Object:
                schema.Type = "object";
                schema.Properties = node.Properties.ToDictionary(p => p.JsonName, p => ToJsonSchema(p.Schema));
                var required = node.Properties.Where(p => p.Required).Select(p => p.JsonName).ToList();
                schema.Required = required.Count == 0 ? null : required;
                break;
            case SchemaKind.OpaqueObject:
                schema.Type = "object";
                schema.Properties = node.Properties.Count == 0 ? null : node.Properties.ToDictionary(p => p.JsonName, p => ToJsonSchema(p.Schema));
                break;
            case SchemaKind.Map:
                schema.Type = "object";
                schema.AdditionalProperties = ToJsonSchema(node.MapValues!);
                break;
            case SchemaKind.Array:
                schema.Type = "array";
                schema.Items = ToJsonSchema(node.Items!);
                break;
            case SchemaKind.String:
                schema.Type = "string";
                break;
            case SchemaKind.Integer:
                schema.Type = "integer";
                break;
            case SchemaKind.Boolean:
                schema.Type = "boolean";
                break;
            case SchemaKind.IntOrString:
                schema.XKubernetesIntOrString = true;
                break;
            default:
                throw new InvalidOperationException($"Unhandled schema kind {node.Kind}.");
        }

        return schema;
    }

    private static V1ValidationRule ToValidationRule(CelRuleAttribute rule) => new()
    {
        Rule = rule.Rule,
        Message = rule.Message,
        FieldPath = rule.FieldPath,
        Reason = rule.Reason,
    };
}
