using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Validation;

/// <summary>
/// The parts of Kubernetes' ObjectMeta validation (k8s.io/apimachinery/pkg/api/validation/objectmeta.go, v1.32)
/// beyond names and labels: annotation keys and their total size, owner references, finalizers. kube-apiserver runs
/// them on every create and update of every kind. Two rules are left out because their messages print Go pointers
/// (addresses): Events as owners, and more than one controller reference.
/// </summary>
internal static class ObjectMetaValidation
{
    /// <summary>The most bytes all annotation keys and values together may take.</summary>
    public const int TotalAnnotationSizeLimit = 256 * 1024;

    private static readonly HashSet<string> StandardFinalizers = new(StringComparer.Ordinal) { "kubernetes", "orphan", "foregroundDeletion" };

    /// <summary>Annotations, owner references and finalizers of <paramref name="metadata"/>.</summary>
    /// <param name="metadata">The object's metadata.</param>
    /// <param name="legacyFinalizerNames">True for kinds validated by core's ValidateObjectMeta (core/v1 kinds but
    /// Events, and NetworkPolicy): a finalizer without '/' must then be a standard one.</param>
    public static List<StatusCause> Validate(JsonObject metadata, bool legacyFinalizerNames)
    {
        var errors = new List<StatusCause>();
        ValidateAnnotations(metadata["annotations"] as JsonObject, errors);
        ValidateOwnerReferences(metadata["ownerReferences"] as JsonArray, errors);
        ValidateFinalizers(metadata["finalizers"] as JsonArray, legacyFinalizerNames, errors);
        return errors;
    }

    /// <summary>A finalizer name as Namespace spec.finalizers need it: qualified, and standard when it has no '/'.</summary>
    public static IEnumerable<StatusCause> FinalizerNameErrors(string name, string path, bool legacy)
    {
        foreach (var message in KubernetesNames.QualifiedNameErrors(name))
        {
            yield return FieldErrors.Invalid(path, name, message);
        }

        if (legacy && !name.Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(name))
        {
            yield return FieldErrors.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
        }
    }

    private static void ValidateAnnotations(JsonObject? annotations, List<StatusCause> errors)
    {
        if (annotations is null)
        {
            return;
        }

        long size = 0;
        foreach (var (key, value) in annotations)
        {
            // A qualified name, except that case does not matter.
            foreach (var message in KubernetesNames.QualifiedNameErrors(key.ToLowerInvariant()))
            {
                errors.Add(FieldErrors.Invalid("metadata.annotations", key, message));
            }

            size += System.Text.Encoding.UTF8.GetByteCount(key) + System.Text.Encoding.UTF8.GetByteCount(JsonFields.Text(value));
        }

        if (size > TotalAnnotationSizeLimit)
        {
            errors.Add(FieldErrors.TooLong("metadata.annotations", TotalAnnotationSizeLimit));
        }
    }

    private static void ValidateOwnerReferences(JsonArray? references, List<StatusCause> errors)
    {
        const string path = "metadata.ownerReferences";
        foreach (var reference in (references ?? []).OfType<JsonObject>())
        {
            var apiVersion = Text(reference, "apiVersion");
            if (VersionOf(apiVersion).Length == 0)
            {
                errors.Add(FieldErrors.Invalid(path + ".apiVersion", apiVersion, "version must not be empty"));
            }

            foreach (var (field, detail) in new[] { ("kind", "kind must not be empty"), ("name", "name must not be empty"), ("uid", "uid must not be empty") })
            {
                var value = Text(reference, field);
                if (value.Length == 0)
                {
                    errors.Add(FieldErrors.Invalid($"{path}.{field}", value, detail));
                }
            }
        }
    }

    private static void ValidateFinalizers(JsonArray? finalizers, bool legacy, List<StatusCause> errors)
    {
        const string path = "metadata.finalizers";
        // Built-in kinds have typed-decoded strings here; a custom resource's metadata types are its schema admission's
        // business (Schema/ObjectMetaRules.cs), so anything else is left to it.
        var names = (finalizers ?? []).Where(f => f is JsonValue value && value.GetValueKind() == System.Text.Json.JsonValueKind.String).Select(JsonFields.Text).ToList();
        foreach (var name in names)
        {
            foreach (var message in KubernetesNames.QualifiedNameErrors(name))
            {
                errors.Add(FieldErrors.Invalid(path, name, message));
            }
        }

        if (names.Contains("orphan") && names.Contains("foregroundDeletion"))
        {
            var goSlice = "[]string{" + string.Join(", ", names.Select(JsonPath.GoText.Quote)) + "}";
            errors.Add(new StatusCause(path, FieldErrorReasons.Invalid, $"Invalid value: {goSlice}: finalizer orphan and foregroundDeletion cannot be both set"));
        }

        // Core's ValidateObjectMeta checks the legacy names one by one, at their index.
        for (var i = 0; legacy && i < names.Count; i++)
        {
            if (!names[i].Contains('/', StringComparison.Ordinal) && !StandardFinalizers.Contains(names[i]))
            {
                errors.Add(FieldErrors.Invalid($"{path}[{i}]", names[i], "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
    }

    // schema.FromAPIVersionAndKind: the version of "group/version" or "version"; nothing for "" or more than one '/'.
    private static string VersionOf(string apiVersion) => apiVersion.Split('/') switch
    {
        [var version] => version,
        [_, var version] => version,
        _ => string.Empty,
    };

    private static string Text(JsonObject obj, string field) => JsonFields.Text(obj[field]);
}
