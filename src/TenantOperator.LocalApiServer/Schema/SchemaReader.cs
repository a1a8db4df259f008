using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Reads a CRD's <c>openAPIV3Schema</c> JSON (a JSONSchemaProps) into <see cref="SchemaNode"/>s. Keywords of the
/// wrong JSON type are reported as errors at their path; constructs Kubernetes forbids are recorded on the node
/// for <see cref="CrdSchemaChecks"/> to report in Kubernetes' words.
/// </summary>
internal sealed class SchemaReader
{
    private static readonly string[] ForbiddenKeywordNames = ["id", "$ref", "definitions", "dependencies", "patternProperties", "additionalItems"];

    private readonly List<StatusCause> _errors = [];

    private SchemaReader()
    {
    }

    public static SchemaNode Read(JsonObject schema, FieldPath path, List<StatusCause> errors)
    {
        var reader = new SchemaReader();
        var node = reader.ReadNode(schema, path);
        errors.AddRange(reader._errors);
        return node;
    }

    private SchemaNode ReadNode(JsonObject json, FieldPath path)
    {
        var node = new SchemaNode
        {
            Type = String(json, "type", path),
            Nullable = Bool(json, "nullable", path) ?? false,
            Format = String(json, "format", path),
            Description = String(json, "description", path),
            Title = String(json, "title", path),
            Pattern = String(json, "pattern", path),
            Maximum = Number(json, "maximum", path),
            Minimum = Number(json, "minimum", path),
            ExclusiveMaximum = Bool(json, "exclusiveMaximum", path) ?? false,
            ExclusiveMinimum = Bool(json, "exclusiveMinimum", path) ?? false,
            MultipleOf = Number(json, "multipleOf", path),
            MaxLength = Integer(json, "maxLength", path),
            MinLength = Integer(json, "minLength", path),
            MaxItems = Integer(json, "maxItems", path),
            MinItems = Integer(json, "minItems", path),
            MaxProperties = Integer(json, "maxProperties", path),
            MinProperties = Integer(json, "minProperties", path),
            UniqueItems = Bool(json, "uniqueItems", path) ?? false,
            PreserveUnknownFieldsDeclared = Bool(json, "x-kubernetes-preserve-unknown-fields", path),
            EmbeddedResource = Bool(json, "x-kubernetes-embedded-resource", path) ?? false,
            IntOrString = Bool(json, "x-kubernetes-int-or-string", path) ?? false,
            ListType = json.ContainsKey("x-kubernetes-list-type") ? String(json, "x-kubernetes-list-type", path) : null,
            MapType = json.ContainsKey("x-kubernetes-map-type") ? String(json, "x-kubernetes-map-type", path) : null,
        };
        node.PreserveUnknownFields = node.PreserveUnknownFieldsDeclared ?? false;
        node.CheckedFormat = StringFormats.Normalize(node.Format);
        if (node.Pattern.Length > 0 && GoRegex.TryCompile(node.Pattern, out var regex, out _))
        {
            node.PatternRegex = regex;
        }
        if (json.TryGetPropertyValue("default", out var defaultValue))
        {
            node.HasDefault = true;
            node.Default = defaultValue?.DeepClone();
        }
        if (json.TryGetPropertyValue("enum", out var enumValues))
        {
            if (enumValues is JsonArray values)
            {
                node.Enum = [.. values.Select(v => v?.DeepClone())];
            }
            else
            {
                Invalid(path.Child("enum"), enumValues, "must be an array");
            }
        }
        foreach (var required in StringList(json, "required", path))
        {
            node.Required.Add(required);
        }
        foreach (var key in StringList(json, "x-kubernetes-list-map-keys", path))
        {
            node.ListMapKeys.Add(key);
        }
        ReadProperties(json, node, path);
        ReadItems(json, node, path);
        ReadAdditionalProperties(json, node, path);
        ReadSchemaList(json, "allOf", node.AllOf, path);
        ReadSchemaList(json, "anyOf", node.AnyOf, path);
        ReadSchemaList(json, "oneOf", node.OneOf, path);
        if (json.TryGetPropertyValue("not", out var not))
        {
            node.Not = not is JsonObject notSchema ? ReadNode(notSchema, path.Child("not")) : InvalidSchema(path.Child("not"), not);
        }
        ReadValidations(json, node, path);
        foreach (var keyword in ForbiddenKeywordNames)
        {
            if (json.ContainsKey(keyword))
            {
                node.ForbiddenKeywords.Add(keyword);
            }
        }
        return node;
    }

    private void ReadProperties(JsonObject json, SchemaNode node, FieldPath path)
    {
        if (!json.TryGetPropertyValue("properties", out var properties) || properties is null)
        {
            return;
        }
        if (properties is not JsonObject members)
        {
            Invalid(path.Child("properties"), properties, "must be an object");
            return;
        }
        foreach (var (name, value) in members)
        {
            var propertyPath = path.Child("properties").Key(name);
            var child = value is JsonObject schema ? ReadNode(schema, propertyPath) : InvalidSchema(propertyPath, value);
            node.PropertyList.Add(new(name, child));
            node.Properties[name] = child;
        }
    }

    private void ReadItems(JsonObject json, SchemaNode node, FieldPath path)
    {
        if (!json.TryGetPropertyValue("items", out var items) || items is null)
        {
            return;
        }
        switch (items)
        {
            case JsonObject schema:
                node.Items = ReadNode(schema, path.Child("items"));
                break;
            case JsonArray:
                node.ItemsIsArray = true;
                break;
            default:
                Invalid(path.Child("items"), items, "must be an object");
                break;
        }
    }

    private void ReadAdditionalProperties(JsonObject json, SchemaNode node, FieldPath path)
    {
        if (!json.TryGetPropertyValue("additionalProperties", out var additional) || additional is null)
        {
            return;
        }
        if (additional is JsonObject schema)
        {
            node.HasAdditionalProperties = true;
            node.AdditionalProperties = ReadNode(schema, path.Child("additionalProperties"));
        }
        else if (GoValues.TryGetBool(additional, out var allowed))
        {
            node.HasAdditionalProperties = allowed;
            node.AdditionalPropertiesForbidden = !allowed;
        }
        else
        {
            Invalid(path.Child("additionalProperties"), additional, "must be an object or a boolean");
        }
    }

    private void ReadSchemaList(JsonObject json, string keyword, List<SchemaNode> target, FieldPath path)
    {
        if (!json.TryGetPropertyValue(keyword, out var list) || list is null)
        {
            return;
        }
        if (list is not JsonArray schemas)
        {
            Invalid(path.Child(keyword), list, "must be an array");
            return;
        }
        for (var i = 0; i < schemas.Count; i++)
        {
            var itemPath = path.Child(keyword).Index(i);
            target.Add(schemas[i] is JsonObject schema ? ReadNode(schema, itemPath) : InvalidSchema(itemPath, schemas[i]));
        }
    }

    private void ReadValidations(JsonObject json, SchemaNode node, FieldPath path)
    {
        if (!json.TryGetPropertyValue("x-kubernetes-validations", out var list) || list is null)
        {
            return;
        }
        if (list is not JsonArray rules)
        {
            Invalid(path.Child("x-kubernetes-validations"), list, "must be an array");
            return;
        }
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = path.Child("x-kubernetes-validations").Index(i);
            if (rules[i] is not JsonObject rule)
            {
                Invalid(rulePath, rules[i], "must be an object");
                continue;
            }
            node.Validations.Add(new ValidationRule(
                String(rule, "rule", rulePath),
                String(rule, "message", rulePath),
                String(rule, "messageExpression", rulePath),
                String(rule, "fieldPath", rulePath),
                rule.ContainsKey("reason") ? String(rule, "reason", rulePath) : null,
                Bool(rule, "optionalOldSelf", rulePath)));
        }
    }

    private SchemaNode InvalidSchema(FieldPath path, JsonNode? value)
    {
        Invalid(path, value, "must be an object");
        return new SchemaNode();
    }

    private string String(JsonObject json, string key, FieldPath path)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return "";
        }
        if (GoValues.TryGetString(value, out var text))
        {
            return text;
        }
        Invalid(path.Child(key), value, "must be a string");
        return "";
    }

    private bool? Bool(JsonObject json, string key, FieldPath path)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }
        if (GoValues.TryGetBool(value, out var flag))
        {
            return flag;
        }
        Invalid(path.Child(key), value, "must be a boolean");
        return null;
    }

    private double? Number(JsonObject json, string key, FieldPath path)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }
        if (value is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            return GoValues.GetDouble(value);
        }
        Invalid(path.Child(key), value, "must be a number");
        return null;
    }

    private long? Integer(JsonObject json, string key, FieldPath path)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            return null;
        }
        if (GoValues.TryGetInt64(value, out var number))
        {
            return number;
        }
        Invalid(path.Child(key), value, "must be an integer");
        return null;
    }

    private IEnumerable<string> StringList(JsonObject json, string key, FieldPath path)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null)
        {
            yield break;
        }
        if (value is not JsonArray items)
        {
            Invalid(path.Child(key), value, "must be an array of strings");
            yield break;
        }
        for (var i = 0; i < items.Count; i++)
        {
            if (GoValues.TryGetString(items[i], out var text))
            {
                yield return text;
            }
            else
            {
                Invalid(path.Child(key).Index(i), items[i], "must be a string");
            }
        }
    }

    private void Invalid(FieldPath path, JsonNode? value, string detail) =>
        _errors.Add(FieldErrors.Invalid(path.ToString(), value, detail));
}
