namespace TenantOperator.Policy.Evaluation;

/// <summary>An <see cref="Endpoint"/> resolved against the cluster: a pod, or an address outside it.</summary>
internal sealed record ResolvedEndpoint(CompiledPod? Pod, IpAddressValue Address, string Display)
{
    /// <summary>The families a connection from or to this endpoint can use.</summary>
    public AddressFamilies Families => Pod?.Families ?? Address.Family;

    public static ResolvedEndpoint Resolve(CompiledCluster cluster, Endpoint endpoint, List<string> notes)
    {
        if (endpoint.IsPod)
        {
            var key = $"{endpoint.PodNamespace}/{endpoint.PodName}";
            return cluster.PodIndexes.TryGetValue(key, out var index)
                ? new ResolvedEndpoint(cluster.Pods[index], default, key)
                : throw new ArgumentException($"no pod {key} in the input", nameof(endpoint));
        }

        var address = IpAddressValue.From(endpoint.Address!);
        if (cluster.AddressOwners.TryGetValue(address, out var owners))
        {
            if (owners.Length > 1)
            {
                var names = string.Join(", ", owners.Select(o => cluster.Pods[o].Info.ToString()));
                throw new ArgumentException($"address {address} belongs to several pods ({names}); name the pod instead", nameof(endpoint));
            }

            var pod = cluster.Pods[owners[0]];
            notes.Add($"{address} is the address of pod {pod.Info}, so it is evaluated as that pod");
            return new ResolvedEndpoint(pod, default, pod.Info.ToString());
        }

        return new ResolvedEndpoint(null, address, address.ToString());
    }
}
