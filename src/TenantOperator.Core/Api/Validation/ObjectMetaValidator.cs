using System.Text;
using System.Text.Json.Nodes;
using TenantOperator.Api.Schema;
using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Validation;

/// <summary>
/// Checks an object's <c>metadata</c> as the API server does for every kind before its own schema applies (a CRD only
/// declares <c>metadata: {type: object}</c>): every field has ObjectMeta's type, so <c>name: 123</c> or
/// <c>labels: {tier: 1}</c> is an error and not a silently dropped object; unknown fields are refused, as kubectl's
/// strict field validation refuses them; label keys and values, annotation keys and their total size, finalizers and
/// owner references are well-formed (k8s.io/apimachinery's ValidateObjectMetaAccessor).
/// </summary>
public static class ObjectMetaValidator
{
    private const int TotalAnnotationSizeLimit = 256 * 1024;

    private static readonly ApiSchemaNode Schema = BuildSchema();

    /// <summary>Validates <paramref name="metadata"/> (the node under <c>metadata</c>, if it is an object) into <paramref name="errors"/>.</summary>
    public static void Validate(JsonNode? metadata, List<FieldError> errors)
    {
        if (metadata is not JsonObject meta)
        {
            return; // absent, or not an object: the kind's own schema says so
        }

        var path = FieldPath.Root("metadata");
        var before = errors.Count;
        StructuralValidator.Validate(meta, Schema, path, errors);
        if (errors.Count > before)
        {
            return; // the values are not of ObjectMeta's types: the type errors say what to fix first
        }

        ValidateLabels(meta["labels"] as JsonObject, path.Child("labels"), errors);
        ValidateAnnotations(meta["annotations"] as JsonObject, path.Child("annotations"), errors);
        if (meta["finalizers"] is JsonArray finalizers)
        {
            for (var i = 0; i < finalizers.Count; i++)
            {
                var finalizer = finalizers[i]?.GetValue<string>() ?? "";
                errors.AddRange(KubernetesNames.QualifiedNameErrors(finalizer).Select(e => FieldError.Invalid(path.Child("finalizers").Index(i), finalizer, e)));
            }
        }

        if (meta["ownerReferences"] is JsonArray owners)
        {
            ValidateOwnerReferences(owners, path.Child("ownerReferences"), errors);
        }
    }

    private static void ValidateLabels(JsonObject? labels, FieldPath path, List<FieldError> errors)
    {
        foreach (var (key, value) in labels ?? [])
        {
            var text = value?.GetValue<string>() ?? "";
            errors.AddRange(KubernetesNames.QualifiedNameErrors(key).Select(e => FieldError.Invalid(path, key, e)));
            errors.AddRange(KubernetesNames.LabelValueErrors(text).Select(e => FieldError.Invalid(path, text, e)));
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, FieldPath path, List<FieldError> errors)
    {
        var size = 0L;
        foreach (var (key, value) in annotations ?? [])
        {
            // The API server checks annotation keys in lower case: upper-case letters are allowed.
            errors.AddRange(KubernetesNames.QualifiedNameErrors(key.ToLowerInvariant()).Select(e => FieldError.Invalid(path, key, e)));
            size += Encoding.UTF8.GetByteCount(key) + Encoding.UTF8.GetByteCount(value?.GetValue<string>() ?? "");
        }

        if (size > TotalAnnotationSizeLimit)
        {
            errors.Add(new FieldError(FieldErrorType.TooLong, path.Value, null, $"may not be more than {TotalAnnotationSizeLimit} bytes"));
        }
    }

    private static void ValidateOwnerReferences(JsonArray owners, FieldPath path, List<FieldError> errors)
    {
        var controllers = 0;
        for (var i = 0; i < owners.Count; i++)
        {
            if (owners[i] is not JsonObject owner)
            {
                continue;
            }

            foreach (var field in new[] { "apiVersion", "kind", "name", "uid" })
            {
                if (owner[field] is null || owner[field]!.GetValue<string>().Length == 0)
                {
                    errors.Add(FieldError.Invalid(path.Index(i).Child(field), "", $"{field} must not be empty"));
                }
            }

            if (owner["controller"]?.GetValue<bool>() == true)
            {
                controllers++;
            }
        }

        if (controllers > 1)
        {
            errors.Add(FieldError.Invalid(path, controllers, "Only one reference can have Controller set to true"));
        }
    }

    /// <summary>ObjectMeta's fields and types (k8s.io/apimachinery/pkg/apis/meta/v1, types.go).</summary>
    private static ApiSchemaNode BuildSchema()
    {
        static ApiSchemaNode Of(SchemaKind kind, string? format = null) => new() { Kind = kind, Format = format };
        static ApiSchemaNode ObjectOf(params (string Name, ApiSchemaNode Schema)[] properties) => new()
        {
            Kind = SchemaKind.Object,
            Properties = [.. properties.OrderBy(p => p.Name, StringComparer.Ordinal).Select(p => new SchemaProperty(p.Name, p.Schema, Required: false))],
        };

        var text = Of(SchemaKind.String);
        var dateTime = Of(SchemaKind.String, "date-time");
        var integer = Of(SchemaKind.Integer, "int64");
        var boolean = Of(SchemaKind.Boolean);
        var stringMap = new ApiSchemaNode { Kind = SchemaKind.Map, MapValues = text };
        var ownerReference = ObjectOf(
            ("apiVersion", text), ("blockOwnerDeletion", boolean), ("controller", boolean), ("kind", text), ("name", text), ("uid", text));
        var managedFields = ObjectOf(
            ("apiVersion", text), ("fieldsType", text), ("fieldsV1", Of(SchemaKind.OpaqueObject)), ("manager", text),
            ("operation", text), ("subresource", text), ("time", dateTime));
        return ObjectOf(
            ("annotations", stringMap),
            ("creationTimestamp", dateTime),
            ("deletionGracePeriodSeconds", integer),
            ("deletionTimestamp", dateTime),
            ("finalizers", new ApiSchemaNode { Kind = SchemaKind.Array, Items = text }),
            ("generateName", text),
            ("generation", integer),
            ("labels", stringMap),
            ("managedFields", new ApiSchemaNode { Kind = SchemaKind.Array, Items = managedFields }),
            ("name", text),
            ("namespace", text),
            ("ownerReferences", new ApiSchemaNode { Kind = SchemaKind.Array, Items = ownerReference }),
            ("resourceVersion", text),
            ("selfLink", text),
            ("uid", text));
    }
}
