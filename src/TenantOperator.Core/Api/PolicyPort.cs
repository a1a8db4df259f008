using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;
using TenantOperator.Api.Schema;

namespace TenantOperator.Api;

/// <summary>A port or port range, as in networking.k8s.io/v1.</summary>
[Description("A port, a named port or a port range.")]
// Only what CEL checks cheaply: a port name's characters are checked by the operator's validation (PortValidator),
// because an int-or-string is sized as a 3 MiB string for cost, so any regex on it would exceed Kubernetes' budget.
[CelRule("!has(self.port) || (type(self.port) == string ? (size(self.port) >= 1 && size(self.port) <= 15) : (self.port >= 1 && self.port <= 65535))",
    "must be a port number between 1 and 65535 or a port name of 1 to 15 characters", FieldPath = ".port")]
[CelRule("!has(self.endPort) || (has(self.port) && type(self.port) == int && self.endPort >= self.port)",
    "endPort requires a numeric port and may not be less than it", FieldPath = ".endPort")]
public sealed class PolicyPort
{
    /// <summary>TCP (default), UDP or SCTP.</summary>
    [JsonPropertyName("protocol")]
    [Description("TCP (default), UDP or SCTP.")]
    [AllowedValues("TCP", "UDP", "SCTP")]
    public string? Protocol { get; set; }

    /// <summary>A port number or the name of a container port; absent means every port.</summary>
    [JsonPropertyName("port")]
    [Description("A port number or the name of a container port on the destination pod. Absent means every port.")]
    public IntOrString? Port { get; set; }

    /// <summary>With a numeric port, the last port of the range.</summary>
    [JsonPropertyName("endPort")]
    [Description("With a numeric port, the last port of the range port..endPort.")]
    [Range(1, 65535)]
    public int? EndPort { get; set; }
}
