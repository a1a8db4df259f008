using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api.Validation;

/// <summary>
/// The one validation of a TenantIsolation, shared by <c>validate</c>, <c>render</c> and the reconciler: every rule
/// of the CRD schema (<see cref="StructuralValidator"/>), the C# twins of the CRD's CEL rules, and the checks the CRD
/// leaves out because no schema can express them or because CEL would exceed Kubernetes' cost budget (CIDR
/// containment, label syntax, port names). Every error is reported, not only the first.
/// </summary>
public static class TenantIsolationValidator
{
    /// <summary>Validates a parsed TenantIsolation, for example one read from the API server.</summary>
    public static IReadOnlyList<FieldError> Validate(TenantIsolation tenant)
    {
        var document = JsonNode.Parse(KubernetesJson.Serialize(tenant))!.AsObject();
        document.Remove("status"); // status is the operator's own output, not input
        return ValidateDocument(document, out _);
    }

    /// <summary>
    /// Validates a TenantIsolation document as written by a user (unknown fields and wrong types included) and,
    /// when it is well-typed, returns it parsed in <paramref name="tenant"/>.
    /// </summary>
    public static IReadOnlyList<FieldError> ValidateDocument(JsonObject document, out TenantIsolation? tenant)
    {
        var errors = new List<FieldError>();
        StructuralValidator.Validate(document, ApiSchemaReflector.TenantIsolation, new FieldPath(""), errors);
        ObjectMetaValidator.Validate(document["metadata"], errors);
        tenant = TryParse(WithoutNulls(document), errors);
        if (tenant is not null)
        {
            ValidateSemantics(tenant, NamedPorts(document), errors);
        }

        // A rule checked both by the schema and semantically (a required cidr, absent or empty) is reported once.
        return errors.Distinct().ToList();
    }

    /// <summary>
    /// A copy without nulls, for the typed object the semantic checks read: a null field means an absent one (the API
    /// server prunes them, none of our fields being nullable); a null map value or list item, which the structural
    /// check reports, is left out rather than handed to code that expects a value.
    /// </summary>
    private static JsonObject WithoutNulls(JsonObject document)
    {
        var copy = document.DeepClone().AsObject();
        var pending = new Stack<JsonNode>([copy]);
        while (pending.TryPop(out var node))
        {
            if (node is JsonObject obj)
            {
                foreach (var key in obj.Where(p => p.Value is null).Select(p => p.Key).ToList())
                {
                    obj.Remove(key);
                }
            }
            else if (node is JsonArray array)
            {
                for (var i = array.Count - 1; i >= 0; i--)
                {
                    if (array[i] is null)
                    {
                        array.RemoveAt(i);
                    }
                }
            }

            foreach (var child in node is JsonObject o ? o.Select(p => p.Value) : node is JsonArray a ? a : [])
            {
                if (child is JsonObject or JsonArray)
                {
                    pending.Push(child);
                }
            }
        }

        return copy;
    }

    /// <summary>
    /// The typed object, or null when a value does not fit its C# type. The structural errors already name such a
    /// field; should the serializer refuse a document they passed, its own message becomes the error, so that no
    /// document is ever dropped without one.
    /// </summary>
    private static TenantIsolation? TryParse(JsonObject document, List<FieldError> errors)
    {
        try
        {
            return KubernetesJson.Deserialize<TenantIsolation>(document);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or NotSupportedException or InvalidOperationException or ArgumentException or OverflowException)
        {
            if (errors.Count == 0)
            {
                var field = (ex as JsonException)?.Path?.TrimStart('$').TrimStart('.') is { Length: > 0 } path ? path : "spec";
                errors.Add(FieldError.Invalid(new FieldPath(field), null, $"cannot be read: {ex.Message}"));
            }

            return null;
        }
    }

    // The ports written as strings: names, even "80" (the parsed IntOrString keeps only the text, so "80" and 80 look
    // alike there; the API server and NetworkPolicy validation tell them apart).
    private static HashSet<string> NamedPorts(JsonObject document)
    {
        var named = new HashSet<string>(StringComparer.Ordinal);
        foreach (var direction in new[] { "ingress", "egress" })
        {
            if (document["spec"]?[direction] is not JsonArray rules)
            {
                continue;
            }

            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i]?["ports"] is not JsonArray ports)
                {
                    continue;
                }

                for (var j = 0; j < ports.Count; j++)
                {
                    if (ports[j]?["port"] is JsonValue port && port.GetValueKind() == JsonValueKind.String)
                    {
                        named.Add(FieldPath.Root("spec").Child(direction).Index(i).Child("ports").Index(j).Value);
                    }
                }
            }
        }

        return named;
    }

    private static void ValidateSemantics(TenantIsolation tenant, IReadOnlySet<string> namedPorts, List<FieldError> errors)
    {
        // The name's syntax is in the CRD schema (metadata.name's pattern and maxLength), checked structurally.
        if (string.IsNullOrEmpty(tenant.Metadata?.Name))
        {
            errors.Add(FieldError.Required(FieldPath.Root("metadata").Child("name"), "name is required"));
        }

        var spec = tenant.Spec;
        if (spec is null)
        {
            return; // the schema reports the missing spec
        }

        var specPath = FieldPath.Root("spec");
        if (spec.NamespaceSelector is null && (spec.Namespaces is null || spec.Namespaces.Count == 0))
        {
            errors.Add(FieldError.Required(specPath.Child("namespaceSelector"), "at least one of namespaceSelector or namespaces is required"));
        }

        LabelSelectorValidator.Validate(spec.NamespaceSelector, specPath.Child("namespaceSelector"), errors);
        ValidateDns(spec.Dns, specPath.Child("dns"), errors);
        ValidateRules(spec.Ingress, WellKnown.IngressPolicy, specPath.Child("ingress"), namedPorts, errors);
        ValidateRules(spec.Egress, WellKnown.EgressPolicy, specPath.Child("egress"), namedPorts, errors);
    }

    private static void ValidateDns(DnsPolicy? dns, FieldPath path, List<FieldError> errors)
    {
        if (dns is null)
        {
            return;
        }

        LabelSelectorValidator.Validate(dns.PodSelector, path.Child("podSelector"), errors);
        var cidrs = dns.Cidrs ?? [];
        for (var i = 0; i < cidrs.Count; i++)
        {
            if (!CidrParser.TryParse(cidrs[i], out _, out var error))
            {
                errors.Add(FieldError.Invalid(path.Child("cidrs").Index(i), cidrs[i], error));
            }
        }
    }

    private static void ValidateRules<TRule>(IList<TRule>? rules, Func<string, string> policyName, FieldPath path, IReadOnlySet<string> namedPorts, List<FieldError> errors)
        where TRule : ITenantRule
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            RuleValidator.Validate(rules![i], policyName(rules[i].Name), path.Index(i), namedPorts, errors);
        }
    }
}
