using TenantOperator.ApiMachinery;

namespace TenantOperator.Api.Validation;

/// <summary>Checks an ingress or egress rule: its generated policy name, pod selector, peers and ports.</summary>
internal static class RuleValidator
{
    public static void Validate(ITenantRule rule, string policyName, FieldPath path, IReadOnlySet<string> namedPorts, List<FieldError> errors)
    {
        if (rule.Name.Length > 0 && policyName.Length > KubernetesNames.Dns1123SubdomainMaxLength)
        {
            errors.Add(FieldError.Invalid(path.Child("name"), rule.Name,
                $"the generated policy name {policyName} must be no more than {KubernetesNames.Dns1123SubdomainMaxLength} characters"));
        }

        LabelSelectorValidator.Validate(rule.PodSelector, path.Child("podSelector"), errors);

        var peers = rule.Peers ?? [];
        for (var i = 0; i < peers.Count; i++)
        {
            PeerValidator.Validate(peers[i], path.Child(rule.PeersField).Index(i), errors);
        }

        var ports = rule.Ports ?? [];
        for (var i = 0; i < ports.Count; i++)
        {
            var portPath = path.Child("ports").Index(i);
            PortValidator.Validate(ports[i], portPath, namedPorts.Contains(portPath.Value), errors);
        }
    }
}
