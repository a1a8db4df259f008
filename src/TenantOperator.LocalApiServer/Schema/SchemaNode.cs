using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// One node of a CRD's <c>openAPIV3Schema</c>, read into typed fields. The structural part (type, properties,
/// items, additionalProperties, extensions) drives pruning and defaulting; the value validations (enum, bounds,
/// allOf/anyOf/oneOf/not, CEL rules) drive validation. It reads any CRD, as kube-apiserver does, so it holds every
/// keyword it may meet. The operator's <c>ApiSchemaNode</c> (src/TenantOperator.Core/Api/Schema/ApiSchemaNode.cs) is
/// the other direction: the TenantIsolation schema reflected from C# types, to write the CRD; it knows only the
/// keywords those types declare. They share no code on purpose: this one must take whatever a CRD says, that one
/// says only what the operator means, and the CRD's JSON between them is the contract.
/// </summary>
internal sealed class SchemaNode
{
    public string Type { get; set; } = "";
    public bool Nullable { get; set; }

    /// <summary>The declared format, kept for messages and CEL typing.</summary>
    public string Format { get; set; } = "";

    /// <summary>The format if Kubernetes checks it (unsupported formats such as int32 are ignored, as the apiserver strips them).</summary>
    public string CheckedFormat { get; set; } = "";

    public List<KeyValuePair<string, SchemaNode>> PropertyList { get; } = [];
    public Dictionary<string, SchemaNode> Properties { get; } = new(StringComparer.Ordinal);
    public List<string> Required { get; } = [];
    public SchemaNode? Items { get; set; }

    /// <summary>True when <c>additionalProperties</c> is present (as a schema or as <c>true</c>).</summary>
    public bool HasAdditionalProperties { get; set; }

    /// <summary>The <c>additionalProperties</c> schema, null when it is the boolean form.</summary>
    public SchemaNode? AdditionalProperties { get; set; }

    /// <summary><c>additionalProperties: false</c>.</summary>
    public bool AdditionalPropertiesForbidden { get; set; }

    public List<JsonNode?>? Enum { get; set; }
    public string Pattern { get; set; } = "";
    public Regex? PatternRegex { get; set; }
    public double? Maximum { get; set; }
    public double? Minimum { get; set; }
    public bool ExclusiveMaximum { get; set; }
    public bool ExclusiveMinimum { get; set; }
    public double? MultipleOf { get; set; }
    public long? MaxLength { get; set; }
    public long? MinLength { get; set; }
    public long? MaxItems { get; set; }
    public long? MinItems { get; set; }
    public long? MaxProperties { get; set; }
    public long? MinProperties { get; set; }
    public bool UniqueItems { get; set; }
    public List<SchemaNode> AllOf { get; } = [];
    public List<SchemaNode> AnyOf { get; } = [];
    public List<SchemaNode> OneOf { get; } = [];
    public SchemaNode? Not { get; set; }

    public bool HasDefault { get; set; }
    public JsonNode? Default { get; set; }

    public string Description { get; set; } = "";
    public string Title { get; set; } = "";

    public bool PreserveUnknownFields { get; set; }

    /// <summary><c>x-kubernetes-preserve-unknown-fields</c> was written (true or false).</summary>
    public bool? PreserveUnknownFieldsDeclared { get; set; }

    public bool EmbeddedResource { get; set; }
    public bool IntOrString { get; set; }
    public string? ListType { get; set; }
    public List<string> ListMapKeys { get; } = [];
    public string? MapType { get; set; }
    public List<ValidationRule> Validations { get; } = [];

    /// <summary>Constructs Kubernetes forbids in CRD schemas, recorded so that Compile can name them.</summary>
    public List<string> ForbiddenKeywords { get; } = [];

    /// <summary>True when <c>items</c> was written as an array of schemas.</summary>
    public bool ItemsIsArray { get; set; }

    /// <summary>The types this node accepts: the declared type, or integer and string for int-or-string.</summary>
    public IReadOnlyList<string> Types => IntOrString ? ["integer", "string"] : Type.Length > 0 ? [Type] : [];

    /// <summary>The schema that applies to a member of an object with this schema, if any.</summary>
    public SchemaNode? ForMember(string key) =>
        Properties.TryGetValue(key, out var property) ? property : AdditionalProperties;

    /// <summary>A shallow copy marked as an embedded resource (the root of a custom resource is treated as one).</summary>
    public SchemaNode AsEmbeddedResource()
    {
        if (EmbeddedResource)
        {
            return this;
        }
        var copy = (SchemaNode)MemberwiseClone();
        copy.EmbeddedResource = true;
        return copy;
    }
}
