using k8s.Models;

namespace TenantOperator.Policy.Evaluation;

/// <summary>Validates a V1Pod and extracts what NetworkPolicy semantics depend on.</summary>
internal static class PodCompiler
{
    public static PodDraft Compile(V1Pod pod, NamedPortRegistry names)
    {
        var meta = pod.Metadata;
        var errors = new ObjectErrors("Pod", ObjectErrors.NameOf(meta?.NamespaceProperty, meta?.Name));
        if (string.IsNullOrEmpty(meta?.Name))
        {
            throw errors.Required("metadata.name", "a Pod needs a name");
        }

        if (string.IsNullOrEmpty(meta.NamespaceProperty))
        {
            throw errors.Required("metadata.namespace", "a Pod needs a namespace (kubectl adds the current one on apply; files given here must say it)");
        }

        var labels = meta.Labels is null ? new Dictionary<string, string>(StringComparer.Ordinal) : new Dictionary<string, string>(meta.Labels, StringComparer.Ordinal);
        var (ports, named) = ContainerPorts(pod.Spec, errors, names);
        return new PodDraft(
            meta.NamespaceProperty,
            meta.Name,
            labels,
            Addresses(pod.Status, errors),
            ports,
            named,
            pod.Spec?.HostNetwork == true,
            pod.Spec?.NodeName);
    }

    private static IpAddressValue[] Addresses(V1PodStatus? status, ObjectErrors errors)
    {
        var addresses = new List<IpAddressValue>();
        var podIps = status?.PodIPs ?? [];
        for (var i = 0; i < podIps.Count; i++)
        {
            Add(podIps[i]?.Ip, $"status.podIPs[{i}].ip");
        }

        Add(status?.PodIP, "status.podIP");
        return [.. addresses];

        void Add(string? text, string field)
        {
            if (string.IsNullOrEmpty(text))
            {
                return;
            }

            if (!IpAddressValue.TryParse(text, out var address))
            {
                throw errors.InvalidValue(field, text, "must be an IPv4 or IPv6 address");
            }

            // podIP repeats podIPs[0]; keep each address once.
            if (!addresses.Contains(address))
            {
                addresses.Add(address);
            }
        }
    }

    private static (ContainerPortInfo[] Ports, NamedContainerPort[] Named) ContainerPorts(V1PodSpec? spec, ObjectErrors errors, NamedPortRegistry names)
    {
        // Only spec.containers: named ports in NetworkPolicy resolve against them (as kube-network-policies does).
        var ports = new List<ContainerPortInfo>();
        var named = new List<NamedContainerPort>();
        var containers = spec?.Containers ?? [];
        for (var c = 0; c < containers.Count; c++)
        {
            var declared = containers[c]?.Ports ?? [];
            for (var p = 0; p < declared.Count; p++)
            {
                var field = $"spec.containers[{c}].ports[{p}]";
                var port = declared[p];
                if (port.ContainerPort is < 1 or > 65535)
                {
                    throw errors.InvalidValue(field + ".containerPort", port.ContainerPort, "must be between 1 and 65535, inclusive");
                }

                if (!TransportProtocols.TryParse(port.Protocol, out var protocol))
                {
                    throw errors.Unsupported(field + ".protocol", port.Protocol, "TCP", "UDP", "SCTP");
                }

                var name = string.IsNullOrEmpty(port.Name) ? null : port.Name;
                ports.Add(new ContainerPortInfo(name, port.ContainerPort, protocol));
                if (name is not null)
                {
                    named.Add(new NamedContainerPort(names.Intern(name), protocol, port.ContainerPort));
                }
            }
        }

        return ([.. ports], [.. named]);
    }
}
