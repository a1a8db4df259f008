using System.Text.Json.Nodes;
using TenantOperator.ApiMachinery;
using TenantOperator.LocalApiServer.BuiltIns.Typing;
using TenantOperator.LocalApiServer.BuiltIns.Typing.Types;
using TenantOperator.LocalApiServer.BuiltIns.Validation;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;
using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.BuiltIns.Kinds;

/// <summary>
/// networking.k8s.io/v1 NetworkPolicy: defaulting from pkg/apis/networking/v1/defaults.go and validation from
/// pkg/apis/networking/validation/validation.go (v1.32).
/// </summary>
internal sealed class NetworkPolicyKind : BuiltInKind
{
    private static readonly string[] Protocols = ["TCP", "UDP", "SCTP"];
    private static readonly string[] PolicyTypes = ["Ingress", "Egress"];

    public override GoStruct Type => NetworkingV1.NetworkPolicy;

    public override bool LegacyFinalizerNames => true;

    /// <summary>SetDefaults_NetworkPolicyPort (protocol TCP) and SetDefaults_NetworkPolicy (policyTypes Ingress, plus
    /// Egress when there are egress rules).</summary>
    public override bool Default(JsonObject obj)
    {
        var changed = false;
        if (obj["spec"] is not JsonObject spec)
        {
            // A policy without spec decodes to an empty spec, which defaulting then fills.
            spec = [];
            obj["spec"] = spec;
            changed = true;
        }

        foreach (var (direction, _) in Directions)
        {
            foreach (var rule in (spec[direction] as JsonArray ?? []).OfType<JsonObject>())
            {
                foreach (var port in (rule["ports"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    if (port["protocol"] is null)
                    {
                        port["protocol"] = "TCP";
                        changed = true;
                    }
                }
            }
        }

        if (spec["policyTypes"] is not JsonArray { Count: > 0 })
        {
            var types = new JsonArray("Ingress");
            if (spec["egress"] is JsonArray { Count: > 0 })
            {
                types.Add("Egress");
            }

            spec["policyTypes"] = types;
            changed = true;
        }

        return changed;
    }

    /// <summary>ValidateNetworkPolicy / ValidateNetworkPolicyUpdate's spec part.</summary>
    public override IEnumerable<StatusCause> Validate(BuiltInWrite write)
    {
        var spec = write.Object["spec"] as JsonObject ?? [];
        var errors = new List<StatusCause>();

        // An update may keep invalid label values in selectors when the stored pod selector already had an error
        // (ValidationOptionsForNetworking).
        var allowInvalidLabelValues = write.Old is not null && LabelSelectorValidation.Validate(write.Old["spec"]?["podSelector"], "spec.podSelector").Any();
        errors.AddRange(SelectorErrors(spec["podSelector"], "spec.podSelector", allowInvalidLabelValues));
        foreach (var (direction, peers) in Directions)
        {
            var rules = spec[direction] as JsonArray ?? [];
            for (var i = 0; i < rules.Count; i++)
            {
                var rule = rules[i] as JsonObject ?? [];
                var rulePath = $"spec.{direction}[{i}]";
                var ports = rule["ports"] as JsonArray ?? [];
                for (var p = 0; p < ports.Count; p++)
                {
                    errors.AddRange(PortErrors(ports[p] as JsonObject ?? [], $"{rulePath}.ports[{p}]"));
                }

                var peerList = rule[peers] as JsonArray ?? [];
                for (var p = 0; p < peerList.Count; p++)
                {
                    errors.AddRange(PeerErrors(peerList[p] as JsonObject ?? [], $"{rulePath}.{peers}[{p}]", allowInvalidLabelValues));
                }
            }
        }

        errors.AddRange(PolicyTypeErrors(spec["policyTypes"] as JsonArray ?? []));
        return errors;
    }

    private static readonly (string Direction, string Peers)[] Directions = [("ingress", "from"), ("egress", "to")];

    private static IEnumerable<StatusCause> SelectorErrors(JsonNode? selector, string path, bool allowInvalidLabelValues) =>
        LabelSelectorValidation.Validate(selector, path)
            .Where(e => !(allowInvalidLabelValues && e.Field.Contains(".matchExpressions[", StringComparison.Ordinal) && e.Field.Contains("].values[", StringComparison.Ordinal)));

    private static IEnumerable<StatusCause> PortErrors(JsonObject port, string path)
    {
        if (port["protocol"] is not null && JsonFields.Text(port["protocol"]) is var protocol && !Protocols.Contains(protocol))
        {
            yield return FieldErrors.NotSupported(path + ".protocol", protocol, Protocols);
        }

        var endPort = JsonFields.Long(port["endPort"]);
        switch (port["port"])
        {
            case JsonValue number when number.GetValueKind() == System.Text.Json.JsonValueKind.Number:
                var value = JsonFields.Long(number) ?? 0;
                foreach (var message in KubernetesNames.PortNumberErrors(value))
                {
                    yield return FieldErrors.Invalid(path + ".port", value, message);
                }

                if (endPort is { } endNumber)
                {
                    if (endNumber < value)
                    {
                        yield return FieldErrors.Invalid(path + ".endPort", endNumber, "must be greater than or equal to `port`");
                    }

                    foreach (var message in KubernetesNames.PortNumberErrors(endNumber))
                    {
                        yield return FieldErrors.Invalid(path + ".endPort", endNumber, message);
                    }
                }

                break;
            case JsonValue name:
                if (endPort is { } withName)
                {
                    yield return FieldErrors.Invalid(path + ".endPort", withName, "may not be specified when `port` is non-numeric");
                }

                var text = JsonFields.Text(name);
                foreach (var message in KubernetesNames.PortNameErrors(text))
                {
                    yield return FieldErrors.Invalid(path + ".port", text, message);
                }

                break;
            default:
                if (endPort is { } withoutPort)
                {
                    yield return FieldErrors.Invalid(path + ".endPort", withoutPort, "may not be specified when `port` is not specified");
                }

                break;
        }
    }

    private static IEnumerable<StatusCause> PeerErrors(JsonObject peer, string path, bool allowInvalidLabelValues)
    {
        var count = 0;
        foreach (var selector in new[] { "podSelector", "namespaceSelector" })
        {
            if (peer[selector] is not null)
            {
                count++;
                foreach (var error in SelectorErrors(peer[selector], $"{path}.{selector}", allowInvalidLabelValues))
                {
                    yield return error;
                }
            }
        }

        if (peer["ipBlock"] is JsonObject block)
        {
            count++;
            foreach (var error in IpBlockErrors(block, path + ".ipBlock"))
            {
                yield return error;
            }
        }

        if (count == 0)
        {
            yield return FieldErrors.Required(path, "must specify a peer");
        }
        else if (count > 1 && peer["ipBlock"] is not null)
        {
            yield return FieldErrors.Forbidden(path, "may not specify both ipBlock and another peer");
        }
    }

    // ValidateIPBlock with v1.32's CIDR check (apimachinery IsValidCIDR over ParseCIDRSloppy); except must be a strict subset.
    private static IEnumerable<StatusCause> IpBlockErrors(JsonObject block, string path)
    {
        var cidrText = JsonFields.Text(block["cidr"]);
        if (cidrText.Length == 0)
        {
            yield return FieldErrors.Required(path + ".cidr");
            yield break;
        }

        var cidr = GoCidr.Parse(cidrText);
        if (cidr is null)
        {
            yield return InvalidCidr(path + ".cidr", cidrText);
            yield break;
        }

        var except = block["except"] as JsonArray ?? [];
        for (var i = 0; i < except.Count; i++)
        {
            var exceptPath = $"{path}.except[{i}]";
            var exceptText = JsonFields.Text(except[i]);
            var exceptCidr = GoCidr.Parse(exceptText);
            if (exceptCidr is null)
            {
                yield return InvalidCidr(exceptPath, exceptText);
                continue;
            }

            if (!cidr.Contains(exceptCidr) || cidr.PrefixLength >= exceptCidr.PrefixLength)
            {
                yield return FieldErrors.Invalid(exceptPath, exceptText, "must be a strict subset of `cidr`");
            }
        }
    }

    private static StatusCause InvalidCidr(string path, string value) =>
        FieldErrors.Invalid(path, value, "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)");

    private static IEnumerable<StatusCause> PolicyTypeErrors(JsonArray types)
    {
        if (types.Count > PolicyTypes.Length)
        {
            // The internal type's %#v, as upstream prints &spec.PolicyTypes.
            var goSlice = "[]networking.PolicyType{" + string.Join(", ", types.Select(t => GoText.Quote(JsonFields.Text(t)))) + "}";
            yield return new StatusCause("spec.policyTypes", FieldErrorReasons.Invalid, $"Invalid value: {goSlice}: may not specify more than two policyTypes");
            yield break;
        }

        for (var i = 0; i < types.Count; i++)
        {
            var type = JsonFields.Text(types[i]);
            if (!PolicyTypes.Contains(type))
            {
                yield return FieldErrors.NotSupported($"spec.policyTypes[{i}]", type, PolicyTypes);
            }
        }
    }
}
