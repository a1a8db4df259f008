using System.Net;

namespace TenantOperator.Policy.Evaluation;

/// <summary>
/// One end of a connection: a pod by namespace and name, or an IP address. An address that belongs to exactly one
/// pod of the cluster (not a host-network pod) is evaluated as that pod; any other address is outside the cluster.
/// </summary>
public sealed record Endpoint
{
    private Endpoint(string? podNamespace, string? podName, IPAddress? address)
    {
        PodNamespace = podNamespace;
        PodName = podName;
        Address = address;
    }

    /// <summary>The pod's namespace, or <see langword="null"/> for an address.</summary>
    public string? PodNamespace { get; }

    /// <summary>The pod's name, or <see langword="null"/> for an address.</summary>
    public string? PodName { get; }

    /// <summary>The address, or <see langword="null"/> for a pod.</summary>
    public IPAddress? Address { get; }

    /// <summary>True for a pod named by namespace and name.</summary>
    public bool IsPod => PodName is not null;

    /// <summary>The pod <paramref name="namespaceName"/>/<paramref name="podName"/>.</summary>
    public static Endpoint Pod(string namespaceName, string podName)
    {
        ArgumentException.ThrowIfNullOrEmpty(namespaceName);
        ArgumentException.ThrowIfNullOrEmpty(podName);
        return new Endpoint(namespaceName, podName, null);
    }

    /// <summary>An IP address (IPv4 or IPv6).</summary>
    public static Endpoint Ip(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        return new Endpoint(null, null, address);
    }

    /// <summary>Parses <c>namespace/pod</c> or an IP address such as <c>10.0.0.7</c> or <c>fd00::7</c>.</summary>
    /// <exception cref="FormatException">Neither form.</exception>
    public static Endpoint Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0 && slash < text.Length - 1 && text.IndexOf('/', slash + 1) < 0 && !text.Contains(':', StringComparison.Ordinal))
        {
            return Pod(text[..slash], text[(slash + 1)..]);
        }

        if (IpAddressValue.TryParse(text, out var value))
        {
            return Ip(value.ToIPAddress());
        }

        throw new FormatException($"\"{text}\" is neither NAMESPACE/POD nor an IP address");
    }

    /// <summary><c>namespace/pod</c> or the address.</summary>
    public override string ToString() => IsPod ? $"{PodNamespace}/{PodName}" : Address!.ToString();
}
