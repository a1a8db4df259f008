namespace TenantOperator.Policy.Evaluation;

/// <summary>A validated pod before it gets its index in the sorted pod list.</summary>
internal sealed record PodDraft(
    string Namespace,
    string Name,
    Dictionary<string, string> Labels,
    IpAddressValue[] Addresses,
    ContainerPortInfo[] ContainerPorts,
    NamedContainerPort[] NamedPorts,
    bool HostNetwork,
    string? NodeName);
