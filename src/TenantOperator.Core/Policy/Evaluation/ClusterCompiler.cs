using k8s.Models;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// Builds the <see cref="CompiledCluster"/>: validates and de-duplicates the input, sorts it (so the order of the
/// input never changes an answer), resolves every rule's peers and gives every pod the rules that govern it.
/// </summary>
internal static class ClusterCompiler
{
    public static CompiledCluster Compile(IEnumerable<V1Namespace> namespaces, IEnumerable<V1Pod> pods, IEnumerable<V1NetworkPolicy> policies)
    {
        ArgumentNullException.ThrowIfNull(namespaces);
        ArgumentNullException.ThrowIfNull(pods);
        ArgumentNullException.ThrowIfNull(policies);

        var namespaceInfos = new Dictionary<string, EvaluatedNamespace>(StringComparer.Ordinal);
        foreach (var ns in namespaces)
        {
            var info = NamespaceCompiler.Compile(ns);
            if (!namespaceInfos.TryAdd(info.Name, info))
            {
                throw new InvalidClusterObjectException("Namespace", info.Name, "", "duplicate: the input holds two Namespaces with this name");
            }
        }

        var portNames = new NamedPortRegistry();
        var drafts = new List<PodDraft>();
        var podKeys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pod in pods)
        {
            var draft = PodCompiler.Compile(pod, portNames);
            if (!podKeys.Add($"{draft.Namespace}/{draft.Name}"))
            {
                throw new InvalidClusterObjectException("Pod", $"{draft.Namespace}/{draft.Name}", "", "duplicate: the input holds two Pods with this namespace and name");
            }

            AssumeNamespace(namespaceInfos, draft.Namespace);
            drafts.Add(draft);
        }

        var policyList = ValidatedPolicies(policies, namespaceInfos);
        var sortedNamespaces = namespaceInfos.Values.OrderBy(n => n.Name, StringComparer.Ordinal).ToArray();
        var compiledPods = IndexPods(drafts);
        var resolver = new PeerResolver(compiledPods, sortedNamespaces);
        var compiler = new PolicyCompiler(resolver, portNames);
        var compiledPolicies = policyList.Select(compiler.Compile).ToArray();
        AttachPolicies(compiledPods, compiledPolicies, resolver);

        return new CompiledCluster(
            sortedNamespaces,
            compiledPods,
            compiledPolicies,
            compiledPods.ToDictionary(p => $"{p.Info.Namespace}/{p.Info.Name}", p => p.Index, StringComparer.Ordinal),
            AddressOwners(compiledPods));
    }

    private static void AssumeNamespace(Dictionary<string, EvaluatedNamespace> namespaces, string name)
    {
        // A file may hold pods and policies without their Namespace objects; the namespace exists in any real cluster,
        // with at least the name label, so assume it (and say so through EvaluatedNamespace.Implicit).
        if (!namespaces.ContainsKey(name))
        {
            namespaces.Add(name, NamespaceCompiler.Assume(name));
        }
    }

    private static List<V1NetworkPolicy> ValidatedPolicies(IEnumerable<V1NetworkPolicy> policies, Dictionary<string, EvaluatedNamespace> namespaces)
    {
        var result = new List<V1NetworkPolicy>();
        var keys = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in policies)
        {
            var meta = policy.Metadata;
            var errors = new ObjectErrors("NetworkPolicy", ObjectErrors.NameOf(meta?.NamespaceProperty, meta?.Name));
            if (string.IsNullOrEmpty(meta?.Name))
            {
                throw errors.Required("metadata.name", "a NetworkPolicy needs a name");
            }

            if (string.IsNullOrEmpty(meta.NamespaceProperty))
            {
                throw errors.Required("metadata.namespace", "a NetworkPolicy needs a namespace (kubectl adds the current one on apply; files given here must say it)");
            }

            if (!keys.Add($"{meta.NamespaceProperty}/{meta.Name}"))
            {
                throw errors.Invalid("", "duplicate: the input holds two NetworkPolicies with this namespace and name");
            }

            AssumeNamespace(namespaces, meta.NamespaceProperty);
            result.Add(policy);
        }

        result.Sort((a, b) =>
        {
            var byNamespace = string.CompareOrdinal(a.Metadata.NamespaceProperty, b.Metadata.NamespaceProperty);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
        });
        return result;
    }

    private static CompiledPod[] IndexPods(List<PodDraft> drafts)
    {
        drafts.Sort((a, b) =>
        {
            var byNamespace = string.CompareOrdinal(a.Namespace, b.Namespace);
            return byNamespace != 0 ? byNamespace : string.CompareOrdinal(a.Name, b.Name);
        });

        var pods = new CompiledPod[drafts.Count];
        for (var i = 0; i < pods.Length; i++)
        {
            var d = drafts[i];
            var info = new PodInfo
            {
                Index = i,
                Namespace = d.Namespace,
                Name = d.Name,
                Labels = d.Labels.AsReadOnly(),
                Addresses = [.. d.Addresses.Select(a => a.ToIPAddress())],
                ContainerPorts = d.ContainerPorts,
                HostNetwork = d.HostNetwork,
                NodeName = d.NodeName,
            };
            pods[i] = new CompiledPod(info, d.Addresses, d.NamedPorts);
        }

        return pods;
    }

    private static void AttachPolicies(CompiledPod[] pods, CompiledPolicy[] policies, PeerResolver resolver)
    {
        var ingress = new List<CompiledRule>?[pods.Length];
        var egress = new List<CompiledRule>?[pods.Length];
        var ingressPolicies = new List<CompiledPolicy>?[pods.Length];
        var egressPolicies = new List<CompiledPolicy>?[pods.Length];
        foreach (var policy in policies)
        {
            if (!policy.GovernsIngress && !policy.GovernsEgress)
            {
                continue;
            }

            // Policies are in namespace/name order, so each pod's rules end up in that order too, rule index within.
            foreach (var index in resolver.MembersInNamespace(policy.Ref.Namespace, policy.PodSelector))
            {
                if (policy.GovernsIngress)
                {
                    (ingress[index] ??= []).AddRange(policy.IngressRules);
                    (ingressPolicies[index] ??= []).Add(policy);
                }

                if (policy.GovernsEgress)
                {
                    (egress[index] ??= []).AddRange(policy.EgressRules);
                    (egressPolicies[index] ??= []).Add(policy);
                }
            }
        }

        for (var i = 0; i < pods.Length; i++)
        {
            pods[i].IngressRules = ingress[i]?.ToArray();
            pods[i].EgressRules = egress[i]?.ToArray();
            pods[i].IngressPolicies = ingressPolicies[i]?.ToArray() ?? [];
            pods[i].EgressPolicies = egressPolicies[i]?.ToArray() ?? [];
        }
    }

    private static Dictionary<IpAddressValue, int[]> AddressOwners(CompiledPod[] pods)
    {
        var owners = new Dictionary<IpAddressValue, List<int>>();
        foreach (var pod in pods.Where(p => !p.HostNetwork))
        {
            foreach (var address in pod.Addresses)
            {
                if (!owners.TryGetValue(address, out var list))
                {
                    owners.Add(address, list = []);
                }

                list.Add(pod.Index);
            }
        }

        return owners.ToDictionary(o => o.Key, o => o.Value.ToArray());
    }
}
