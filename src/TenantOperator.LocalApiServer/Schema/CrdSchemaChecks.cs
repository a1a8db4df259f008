using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema.Cel;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// The CRD-creation checks of a version's <c>openAPIV3Schema</c> beyond structurality: forbidden keywords
/// (<c>$ref</c>, <c>uniqueItems</c>, <c>patternProperties</c>, ...), defaults where Kubernetes forbids them,
/// consistency of the <c>x-kubernetes-*</c> extensions (list types and map keys, map types, preserve-unknown-fields)
/// and the shape of <c>x-kubernetes-validations</c> rules. Messages are Kubernetes' own.
/// </summary>
internal sealed class CrdSchemaChecks
{
    private static readonly string[] OpenApiTypes = ["array", "boolean", "integer", "number", "object", "string"];
    private static readonly string[] MetaFields = ["metadata", "kind", "apiVersion"];
    private static readonly string[] SupportedReasons = ["FieldValueDuplicate", "FieldValueForbidden", "FieldValueInvalid", "FieldValueRequired"];

    private readonly List<StatusCause> _errors = [];

    private sealed record Context(bool AllowDefaults, string DefaultsReason, bool InsideResourceMeta, FieldPath? UncorrelatablePath);

    public static List<StatusCause> Check(SchemaNode root, FieldPath path)
    {
        var checks = new CrdSchemaChecks();
        checks.CheckNode(root, path, new Context(true, "", false, null), isRoot: true);
        return checks._errors;
    }

    private void CheckNode(SchemaNode? schema, FieldPath path, Context context, bool isRoot)
    {
        if (schema is null)
        {
            return;
        }
        CheckKeywords(schema, path, context);
        if (schema.UniqueItems)
        {
            Forbidden(path.Child("uniqueItems"), "uniqueItems cannot be set to true since the runtime complexity becomes quadratic");
        }
        if (schema.HasAdditionalProperties || schema.AdditionalPropertiesForbidden)
        {
            if (schema.PropertyList.Count > 0 && (schema.AdditionalPropertiesForbidden || schema.AdditionalProperties is not null))
            {
                Forbidden(path.Child("additionalProperties"), "additionalProperties and properties are mutual exclusive");
            }
            var sub = context.InsideResourceMeta ? context with { AllowDefaults = false, DefaultsReason = "inside additionalProperties applying to object metadata" } : context;
            CheckNode(schema.AdditionalProperties, path.Child("additionalProperties"), sub, isRoot: false);
        }
        foreach (var (name, property) in schema.PropertyList)
        {
            var sub = context;
            if ((isRoot || schema.EmbeddedResource) && MetaFields.Contains(name))
            {
                sub = sub with { InsideResourceMeta = true };
                if (isRoot)
                {
                    sub = sub with { AllowDefaults = false, DefaultsReason = $"in top-level {name}" };
                }
            }
            CheckNode(property, path.Child("properties").Key(name), sub, isRoot: false);
        }
        CheckNode(schema.Not, path.Child("not"), context, isRoot: false);
        for (var i = 0; i < schema.AllOf.Count; i++)
        {
            CheckNode(schema.AllOf[i], path.Child("allOf").Index(i), context, isRoot: false);
        }
        for (var i = 0; i < schema.OneOf.Count; i++)
        {
            CheckNode(schema.OneOf[i], path.Child("oneOf").Index(i), context, isRoot: false);
        }
        for (var i = 0; i < schema.AnyOf.Count; i++)
        {
            CheckNode(schema.AnyOf[i], path.Child("anyOf").Index(i), context, isRoot: false);
        }
        if (schema.Items is not null)
        {
            // Only items of map lists can be correlated with their old versions, so only they may use oldSelf.
            var sub = schema.ListType == "map" ? context : context with { UncorrelatablePath = context.UncorrelatablePath ?? path };
            CheckNode(schema.Items, path.Child("items"), sub, isRoot: false);
        }
        if (schema.PreserveUnknownFieldsDeclared == false)
        {
            _errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-preserve-unknown-fields").ToString(), JsonValue.Create(false), "must be true or undefined"));
        }
        CheckMapType(schema, path);
        CheckListType(schema, path);
        CheckValidationRules(schema, path, context);
    }

    private void CheckKeywords(SchemaNode schema, FieldPath path, Context context)
    {
        if (schema.Type.Length > 0 && !OpenApiTypes.Contains(schema.Type))
        {
            _errors.Add(FieldErrors.NotSupported(path.Child("type").ToString(), schema.Type, OpenApiTypes));
        }
        if (schema.HasDefault && !context.AllowDefaults)
        {
            Forbidden(path.Child("default"), "must not be set" + (context.DefaultsReason.Length > 0 ? " " + context.DefaultsReason : ""));
        }
        foreach (var keyword in schema.ForbiddenKeywords)
        {
            Forbidden(path.Child(keyword), $"{keyword} is not supported");
        }
        if (schema.Type == "null")
        {
            Forbidden(path.Child("type"), "type cannot be set to null, use nullable as an alternative");
        }
        if (schema.ItemsIsArray)
        {
            Forbidden(path.Child("items"), "items must be a schema object and not an array");
        }
        if (context.InsideResourceMeta && schema.EmbeddedResource)
        {
            Forbidden(path.Child("x-kubernetes-embedded-resource"), "must not be used inside of resource meta");
        }
    }

    private void CheckMapType(SchemaNode schema, FieldPath path)
    {
        if (schema.MapType is null)
        {
            return;
        }
        if (schema.Type != "object")
        {
            _errors.Add(schema.Type.Length == 0
                ? FieldErrors.Required(path.Child("type").ToString(), "must be object if x-kubernetes-map-type is specified")
                : FieldErrors.Invalid(path.Child("type").ToString(), schema.Type, "must be object if x-kubernetes-map-type is specified"));
        }
        if (schema.MapType is not ("atomic" or "granular"))
        {
            _errors.Add(FieldErrors.NotSupported(path.Child("x-kubernetes-map-type").ToString(), schema.MapType, ["atomic", "granular"]));
        }
    }

    private void CheckListType(SchemaNode schema, FieldPath path)
    {
        if (schema.ListType is not null && schema.Type != "array")
        {
            _errors.Add(schema.Type.Length == 0
                ? FieldErrors.Required(path.Child("type").ToString(), "must be array if x-kubernetes-list-type is specified")
                : FieldErrors.Invalid(path.Child("type").ToString(), schema.Type, "must be array if x-kubernetes-list-type is specified"));
        }
        else if (schema.ListType == "set" && schema.Items is { } setItems)
        {
            if (setItems.Type == "array" && setItems.ListType is not null and not "atomic")
            {
                _errors.Add(FieldErrors.Invalid(path.Child("items").Child("x-kubernetes-list-type").ToString(), setItems.ListType, "must be atomic as item of a list with x-kubernetes-list-type=set"));
            }
            if (setItems.Type == "object" && setItems.MapType != "atomic")
            {
                _errors.Add(FieldErrors.Invalid(path.Child("items").Child("x-kubernetes-map-type").ToString(), (JsonNode?)null, "must be atomic as item of a list with x-kubernetes-list-type=set"));
            }
        }
        if (schema.ListType is not null and not ("atomic" or "set" or "map"))
        {
            _errors.Add(FieldErrors.NotSupported(path.Child("x-kubernetes-list-type").ToString(), schema.ListType, ["atomic", "set", "map"]));
        }
        var keysValue = new JsonArray([.. schema.ListMapKeys.Select(k => (JsonNode?)JsonValue.Create(k))]);
        if (schema.ListMapKeys.Count > 0)
        {
            if (schema.ListType is null)
            {
                _errors.Add(FieldErrors.Required(path.Child("x-kubernetes-list-type").ToString(), "must be map if x-kubernetes-list-map-keys is non-empty"));
            }
            else if (schema.ListType != "map")
            {
                _errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-type").ToString(), schema.ListType, "must be map if x-kubernetes-list-map-keys is non-empty"));
            }
        }
        if (schema.ListType != "map")
        {
            CheckSetItems(schema, path);
            return;
        }
        if (schema.ListMapKeys.Count == 0)
        {
            _errors.Add(FieldErrors.Required(path.Child("x-kubernetes-list-map-keys").ToString(), "must not be empty if x-kubernetes-list-type is map"));
        }
        if (schema.Items is null)
        {
            _errors.Add(FieldErrors.Required(path.Child("items").ToString(), "must have a schema if x-kubernetes-list-type is map"));
            return;
        }
        if (schema.Items.Type != "object")
        {
            _errors.Add(FieldErrors.Invalid(path.Child("items").Child("type").ToString(), schema.Items.Type, "must be object if parent array's x-kubernetes-list-type is map"));
            return;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var key in schema.ListMapKeys)
        {
            if (schema.Items.Properties.TryGetValue(key, out var keySchema))
            {
                if (keySchema.Type is "array" or "object")
                {
                    _errors.Add(FieldErrors.Invalid(path.Child("items").Child("properties").Key(key).Child("type").ToString(), schema.Items.Type, "must be a scalar type if parent array's x-kubernetes-list-type is map"));
                }
            }
            else
            {
                _errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-map-keys").ToString(), keysValue, "entries must all be names of item properties"));
            }
            if (!seen.Add(key))
            {
                _errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-list-map-keys").ToString(), keysValue, "must not contain duplicate entries"));
            }
        }
        CheckSetItems(schema, path);
        foreach (var key in schema.ListMapKeys)
        {
            if (!schema.Items.Properties.TryGetValue(key, out var keySchema))
            {
                continue;
            }
            if (!schema.Items.Required.Contains(key) && !keySchema.HasDefault)
            {
                _errors.Add(FieldErrors.Required(path.Child("items").Child("properties").Key(key).Child("default").ToString(), "this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property"));
            }
            if (keySchema.Nullable)
            {
                Forbidden(path.Child("items").Child("properties").Key(key).Child("nullable"), "this property is in x-kubernetes-list-map-keys, so it cannot be nullable");
            }
        }
    }

    private void CheckSetItems(SchemaNode schema, FieldPath path)
    {
        if (schema.ListType is "set" or "map" && schema.Items is { Nullable: true })
        {
            Forbidden(path.Child("items").Child("nullable"), "cannot be nullable when x-kubernetes-list-type is " + schema.ListType);
        }
    }

    private void CheckValidationRules(SchemaNode schema, FieldPath path, Context context)
    {
        for (var i = 0; i < schema.Validations.Count; i++)
        {
            var rule = schema.Validations[i];
            var rulePath = path.Child("x-kubernetes-validations").Index(i);
            var trimmedRule = rule.Rule.Trim();
            var trimmedMessage = rule.Message.Trim();
            if (trimmedRule.Length == 0)
            {
                _errors.Add(FieldErrors.Required(rulePath.Child("rule").ToString(), "rule is not specified"));
            }
            else if (rule.Message.Length > 0 && trimmedMessage.Length == 0)
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("message").ToString(), rule.Message, "message must be non-empty if specified"));
            }
            else if (HasNewlines(trimmedMessage))
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("message").ToString(), rule.Message, "message must not contain line breaks"));
            }
            else if (HasNewlines(trimmedRule) && trimmedMessage.Length == 0)
            {
                _errors.Add(FieldErrors.Required(rulePath.Child("message").ToString(), "message must be specified if rule contains line breaks"));
            }
            if (rule.MessageExpression.Length > 0 && rule.MessageExpression.Trim().Length == 0)
            {
                _errors.Add(FieldErrors.Required(rulePath.Child("messageExpression").ToString(), "messageExpression must be non-empty if specified"));
            }
            if (rule.Reason is not null && !SupportedReasons.Contains(rule.Reason))
            {
                _errors.Add(FieldErrors.NotSupported(rulePath.Child("reason").ToString(), rule.Reason, SupportedReasons));
            }
            if (rule.FieldPath.Length > 0 && rule.FieldPath.Trim().Length == 0)
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath").ToString(), rule.FieldPath, "fieldPath must be non-empty if specified"));
            }
            if (HasNewlines(rule.FieldPath))
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath").ToString(), rule.FieldPath, "fieldPath must not contain line breaks"));
            }
            if (rule.FieldPath.Trim().Length > 0 && RuleFieldPath.Resolve(rule.FieldPath, schema) is null)
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("fieldPath").ToString(), rule.FieldPath, "fieldPath must be a valid path"));
            }
            var usesOldSelf = CelRuleCompiler.UsesOldSelf(rule.Rule);
            if (usesOldSelf && context.UncorrelatablePath is { } uncorrelatable)
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("rule").ToString(), rule.Rule, $"oldSelf cannot be used on the uncorrelatable portion of the schema within {uncorrelatable}"));
            }
            else if (!usesOldSelf && rule.OptionalOldSelf is { } optional)
            {
                _errors.Add(FieldErrors.Invalid(rulePath.Child("optionalOldSelf").ToString(), JsonValue.Create(optional), "may not be set if oldSelf is not used in rule"));
            }
        }
    }

    private void Forbidden(FieldPath path, string detail) => _errors.Add(FieldErrors.Forbidden(path.ToString(), detail));

    private static bool HasNewlines(string text) => text.Contains('\n', StringComparison.Ordinal) || text.Contains('\r', StringComparison.Ordinal);
}
