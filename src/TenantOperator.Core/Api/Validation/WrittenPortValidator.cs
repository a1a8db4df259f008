using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Validation;

/// <summary>
/// Checks ports as written in a document: a string of digits (<c>port: "80"</c>) is a port name to the API server, and
/// an invalid one (a name needs a letter), as our CRD's rule and Kubernetes' NetworkPolicy validation both say. A typed
/// port (<see cref="PolicyPort"/>, k8s' V1NetworkPolicyPort) cannot tell <c>"80"</c> from <c>80</c>, so this looks at
/// the document. TenantIsolations get the same check from <see cref="PortValidator"/>; this one is for NetworkPolicies.
/// </summary>
public static class WrittenPortValidator
{
    /// <summary>Checks the <c>spec.ingress[*].ports[*]</c> and <c>spec.egress[*].ports[*]</c> of a NetworkPolicy.</summary>
    public static void Validate(JsonObject document, List<FieldError> errors)
    {
        foreach (var direction in new[] { "ingress", "egress" })
        {
            if (document["spec"] is not JsonObject spec || spec[direction] is not JsonArray rules)
            {
                continue;
            }

            for (var i = 0; i < rules.Count; i++)
            {
                if (rules[i] is not JsonObject rule || rule["ports"] is not JsonArray ports)
                {
                    continue;
                }

                for (var j = 0; j < ports.Count; j++)
                {
                    var path = FieldPath.Root("spec").Child(direction).Index(i).Child("ports").Index(j);
                    if (ports[j] is JsonObject port && port["port"] is JsonValue written && written.GetValueKind() == JsonValueKind.String
                        && long.TryParse(written.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _))
                    {
                        var text = written.GetValue<string>();
                        errors.AddRange(KubernetesNames.PortNameErrors(text).Select(e => FieldError.Invalid(path.Child("port"), text, e + PortValidator.QuotedNumberHint)));
                        if (port["endPort"] is not null)
                        {
                            errors.Add(FieldError.Forbidden(path.Child("endPort"), "may not be specified when port is a name"));
                        }
                    }
                }
            }
        }
    }
}
