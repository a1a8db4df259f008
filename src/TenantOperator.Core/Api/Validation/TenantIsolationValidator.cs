using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api.Validation;

/// <summary>
/// The one validation of a TenantIsolation, shared by <c>validate</c>, <c>render</c> and the reconciler: every rule
/// of the CRD schema (<see cref="StructuralValidator"/>), the C# twins of the CRD's CEL rules, and the semantic checks
/// no schema can express (CIDR syntax and containment, label syntax, port names). Every error is reported, not only
/// the first.
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
        tenant = TryParse(document);
        if (tenant is not null)
        {
            ValidateSemantics(tenant, errors);
        }

        return errors;
    }

    private static TenantIsolation? TryParse(JsonObject document)
    {
        try
        {
            return KubernetesJson.Deserialize<TenantIsolation>(document);
        }
        catch (JsonException)
        {
            return null; // the structural errors already say which field has the wrong type
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void ValidateSemantics(TenantIsolation tenant, List<FieldError> errors)
    {
        var name = tenant.Metadata?.Name;
        if (string.IsNullOrEmpty(name))
        {
            errors.Add(FieldError.Required(FieldPath.Root("metadata").Child("name"), "name is required"));
        }
        else
        {
            errors.AddRange(KubernetesNames.DnsLabelErrors(name).Select(e => FieldError.Invalid(FieldPath.Root("metadata").Child("name"), name, e)));
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
        ValidateRules(spec.Ingress, WellKnown.IngressPolicy, specPath.Child("ingress"), errors);
        ValidateRules(spec.Egress, WellKnown.EgressPolicy, specPath.Child("egress"), errors);
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

    private static void ValidateRules<TRule>(IList<TRule>? rules, Func<string, string> policyName, FieldPath path, List<FieldError> errors)
        where TRule : ITenantRule
    {
        for (var i = 0; i < (rules?.Count ?? 0); i++)
        {
            RuleValidator.Validate(rules![i], policyName(rules[i].Name), path.Index(i), errors);
        }
    }
}
