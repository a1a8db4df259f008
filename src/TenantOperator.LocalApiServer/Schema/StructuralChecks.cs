using TenantOperator.LocalApiServer.Http;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// The "is this schema structural" checks of apiextensions-apiserver: every node that is a field or an item has
/// a type (unless it preserves unknown fields or is int-or-string), arrays have items, additionalProperties is
/// not used at the root, metadata declares nothing but name and generateName, and the schemas inside
/// allOf/anyOf/oneOf/not only restrict values (no types, defaults, descriptions, extensions) and mention only
/// fields the structural part declares. Errors are sorted by their text, as Kubernetes sorts them.
/// </summary>
internal static class StructuralChecks
{
    private enum Level
    {
        Root,
        Item,
        Field,
    }

    public static List<StatusCause> Check(SchemaNode root, FieldPath path)
    {
        var errors = new List<StatusCause>();
        CheckInvariants(root, Level.Root, path, errors);
        CheckCompleteness(root, path, path, errors);
        errors.Sort((a, b) => string.CompareOrdinal(a.ToString(), b.ToString()));
        return errors;
    }

    private static void CheckInvariants(SchemaNode? s, Level level, FieldPath path, List<StatusCause> errors)
    {
        if (s is null)
        {
            return;
        }
        if (s.Type == "array" && s.Items is null && !s.ItemsIsArray)
        {
            errors.Add(FieldErrors.Required(path.Child("items").ToString(), "must be specified"));
        }
        CheckInvariants(s.Items, Level.Item, path.Child("items"), errors);
        foreach (var (name, property) in s.PropertyList)
        {
            CheckInvariants(property, Level.Field, path.Child("properties").Key(name), errors);
        }
        if (s.HasAdditionalProperties || s.AdditionalPropertiesForbidden)
        {
            if (level == Level.Root)
            {
                errors.Add(FieldErrors.Forbidden(path.Child("additionalProperties").ToString(), "must not be used at the root"));
            }
            CheckInvariants(s.AdditionalProperties, Level.Field, path.Child("additionalProperties"), errors);
        }
        if (s.IntOrString && s.PreserveUnknownFields)
        {
            errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-preserve-unknown-fields").ToString(), System.Text.Json.Nodes.JsonValue.Create(true), "must be false if x-kubernetes-int-or-string is true"));
        }
        if (s.IntOrString && s.EmbeddedResource)
        {
            errors.Add(FieldErrors.Invalid(path.Child("x-kubernetes-embedded-resource").ToString(), System.Text.Json.Nodes.JsonValue.Create(true), "must be false if x-kubernetes-int-or-string is true"));
        }
        CheckValueValidation(s, IsIntOrStringAnyOf(s), IsIntOrStringAllOf(s), path, errors);

        var checkMetadata = level == Level.Root || s.EmbeddedResource;
        if (s.EmbeddedResource && s.Type != "object")
        {
            errors.Add(s.Type.Length == 0
                ? FieldErrors.Required(path.Child("type").ToString(), "must be object if x-kubernetes-embedded-resource is true")
                : FieldErrors.Invalid(path.Child("type").ToString(), s.Type, "must be object if x-kubernetes-embedded-resource is true"));
        }
        else if (s.Type.Length == 0 && !s.IntOrString && !s.PreserveUnknownFields)
        {
            var detail = level switch
            {
                Level.Root => "must not be empty at the root",
                Level.Item => "must not be empty for specified array items",
                _ => "must not be empty for specified object fields",
            };
            errors.Add(FieldErrors.Required(path.Child("type").ToString(), detail));
        }
        if (s.EmbeddedResource && s.HasAdditionalProperties)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("additionalProperties").ToString(), "must not be used if x-kubernetes-embedded-resource is set"));
        }
        if (level == Level.Root && s.Type.Length > 0 && s.Type != "object")
        {
            errors.Add(FieldErrors.Invalid(path.Child("type").ToString(), s.Type, "must be object at the root"));
        }
        foreach (var typeMeta in new[] { "kind", "apiVersion" })
        {
            if (checkMetadata && s.Properties.TryGetValue(typeMeta, out var property) && property.Type != "string")
            {
                errors.Add(FieldErrors.Invalid(path.Child("properties").Key(typeMeta).Child("type").ToString(), property.Type, "must be string"));
            }
        }
        if (s.Properties.TryGetValue("metadata", out var metadata))
        {
            CheckMetadata(metadata, checkMetadata, level, path.Child("properties").Key("metadata"), errors);
        }
        if (s.EmbeddedResource && !s.PreserveUnknownFields && s.Properties.Count == 0)
        {
            errors.Add(FieldErrors.Required(path.Child("properties").ToString(), "must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields"));
        }
    }

    private static void CheckMetadata(SchemaNode metadata, bool checkMetadata, Level level, FieldPath path, List<StatusCause> errors)
    {
        if (checkMetadata && metadata.Type != "object")
        {
            errors.Add(FieldErrors.Invalid(path.Child("type").ToString(), metadata.Type, "must be object"));
        }
        if (level != Level.Root)
        {
            return;
        }
        // At the root, metadata is implicitly ObjectMeta: the schema may only restrict name and generateName.
        var onlyNames = metadata.Properties.Keys.All(k => k is "name" or "generateName");
        var declaresMore = !onlyNames || metadata.Nullable || metadata.Format.Length > 0 || metadata.Description.Length > 0
            || metadata.Title.Length > 0 || metadata.Required.Count > 0 || metadata.Items is not null || metadata.HasAdditionalProperties
            || metadata.Enum is not null || metadata.MaxProperties is not null || metadata.MinProperties is not null
            || metadata.AllOf.Count > 0 || metadata.AnyOf.Count > 0 || metadata.OneOf.Count > 0 || metadata.Not is not null
            || metadata.PreserveUnknownFields || metadata.EmbeddedResource || metadata.IntOrString || metadata.ListType is not null
            || metadata.MapType is not null || metadata.Validations.Count > 0;
        if (declaresMore)
        {
            errors.Add(FieldErrors.Forbidden(path.ToString(), "must not specify anything other than name and generateName, but metadata is implicitly specified"));
        }
    }

    private static void CheckValueValidation(SchemaNode v, bool skipAnyOf, bool skipFirstAllOfAnyOf, FieldPath path, List<StatusCause> errors)
    {
        if (!skipAnyOf)
        {
            for (var i = 0; i < v.AnyOf.Count; i++)
            {
                CheckNested(v.AnyOf[i], false, path.Child("anyOf").Index(i), errors);
            }
        }
        for (var i = 0; i < v.AllOf.Count; i++)
        {
            CheckNested(v.AllOf[i], skipFirstAllOfAnyOf && i == 0, path.Child("allOf").Index(i), errors);
        }
        for (var i = 0; i < v.OneOf.Count; i++)
        {
            CheckNested(v.OneOf[i], false, path.Child("oneOf").Index(i), errors);
        }
        if (v.Not is not null)
        {
            CheckNested(v.Not, false, path.Child("not"), errors);
        }
        if (v.Pattern.Length > 0 && !GoRegex.TryCompile(v.Pattern, out _, out var error))
        {
            errors.Add(FieldErrors.Invalid(path.Child("pattern").ToString(), v.Pattern, "must be a valid regular expression, but isn't: " + error));
        }
    }

    // A schema inside allOf/anyOf/oneOf/not may only validate values.
    private static void CheckNested(SchemaNode v, bool skipAnyOf, FieldPath path, List<StatusCause> errors)
    {
        CheckValueValidation(v, skipAnyOf, false, path, errors);
        if (v.Items is not null)
        {
            CheckNested(v.Items, false, path.Child("items"), errors);
        }
        foreach (var (name, property) in v.PropertyList)
        {
            CheckNested(property, false, path.Child("properties").Key(name), errors);
        }
        if (v.Type.Length > 0)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("type").ToString(), "must be empty to be structural"));
        }
        if (v.HasAdditionalProperties || v.AdditionalPropertiesForbidden)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("additionalProperties").ToString(), "must be undefined to be structural"));
        }
        if (v.HasDefault)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("default").ToString(), "must be undefined to be structural"));
        }
        if (v.Title.Length > 0)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("title").ToString(), "must be empty to be structural"));
        }
        if (v.Description.Length > 0)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("description").ToString(), "must be empty to be structural"));
        }
        if (v.Nullable)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("nullable").ToString(), "must be false to be structural"));
        }
        if (v.PreserveUnknownFields)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-preserve-unknown-fields").ToString(), "must be false to be structural"));
        }
        if (v.EmbeddedResource)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-embedded-resource").ToString(), "must be false to be structural"));
        }
        if (v.IntOrString)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-int-or-string").ToString(), "must be false to be structural"));
        }
        if (v.ListMapKeys.Count > 0)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-list-map-keys").ToString(), "must be empty to be structural"));
        }
        if (v.ListType is not null)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-list-type").ToString(), "must be undefined to be structural"));
        }
        if (v.MapType is not null)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-map-type").ToString(), "must be undefined to be structural"));
        }
        if (v.Validations.Count > 0)
        {
            errors.Add(FieldErrors.Forbidden(path.Child("x-kubernetes-validations").ToString(), "must be empty to be structural"));
        }
        if (v.Properties.ContainsKey("metadata"))
        {
            errors.Add(FieldErrors.Forbidden(path.Child("properties").Key("metadata").ToString(), "must not be specified in a nested context"));
        }
    }

    // Fields that a value validation mentions must exist in the structural schema it applies to.
    private static void CheckCompleteness(SchemaNode s, FieldPath structuralPath, FieldPath validationPath, List<StatusCause> errors)
    {
        foreach (var (keyword, list) in new[] { ("allOf", s.AllOf), ("anyOf", s.AnyOf), ("oneOf", s.OneOf) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                CheckNestedCompleteness(list[i], s, structuralPath, validationPath.Child(keyword).Index(i), errors);
            }
        }
        if (s.Not is not null)
        {
            CheckNestedCompleteness(s.Not, s, structuralPath, validationPath.Child("not"), errors);
        }
    }

    private static void CheckNestedCompleteness(SchemaNode v, SchemaNode? s, FieldPath sPath, FieldPath vPath, List<StatusCause> errors)
    {
        if (s is null)
        {
            errors.Add(FieldErrors.Required(sPath.ToString(), $"because it is defined in {vPath}"));
            return;
        }
        foreach (var (keyword, list) in new[] { ("allOf", v.AllOf), ("anyOf", v.AnyOf), ("oneOf", v.OneOf) })
        {
            for (var i = 0; i < list.Count; i++)
            {
                CheckNestedCompleteness(list[i], s, sPath, vPath.Child(keyword).Index(i), errors);
            }
        }
        if (v.Not is not null)
        {
            CheckNestedCompleteness(v.Not, s, sPath, vPath.Child("not"), errors);
        }
        if (v.Items is not null)
        {
            CheckNestedCompleteness(v.Items, s.Items, sPath.Child("items"), vPath.Child("items"), errors);
        }
        foreach (var (name, property) in v.PropertyList)
        {
            if (s.Properties.TryGetValue(name, out var structural))
            {
                CheckNestedCompleteness(property, structural, sPath.Child("properties").Key(name), vPath.Child("properties").Key(name), errors);
            }
            else
            {
                errors.Add(FieldErrors.Required(sPath.Child("properties").Key(name).ToString(), $"because it is defined in {vPath.Child("properties").Key(name)}"));
            }
        }
    }

    private static bool IsIntOrStringAnyOf(SchemaNode s) =>
        s.AnyOf.Count == 2 && IsOnlyType(s.AnyOf[0], "integer") && IsOnlyType(s.AnyOf[1], "string");

    private static bool IsIntOrStringAllOf(SchemaNode s) => s.AllOf.Count >= 1 && IsIntOrStringAnyOf(s.AllOf[0]);

    private static bool IsOnlyType(SchemaNode s, string type) =>
        s.Type == type && s.PropertyList.Count == 0 && s.Items is null && s.AllOf.Count == 0 && s.AnyOf.Count == 0
        && s.OneOf.Count == 0 && s.Not is null && s.Enum is null && s.Pattern.Length == 0 && !s.HasDefault && s.Format.Length == 0;
}
