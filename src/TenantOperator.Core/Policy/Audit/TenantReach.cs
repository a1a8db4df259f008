using TenantOperator.Policy.Evaluation;

namespace TenantOperator.Policy.Audit;

/// <summary>One cell of the tenant matrix: the ports on which some pod of <paramref name="From"/> reaches some pod of <paramref name="To"/>.</summary>
/// <param name="From">The source party.</param>
/// <param name="To">The destination party.</param>
/// <param name="Ports">Each port with at least one allowed pod pair, in probe order.</param>
public sealed record TenantReach(Party From, Party To, IReadOnlyList<PortReach> Ports);

/// <summary>A port of a <see cref="TenantReach"/> and how many pod pairs it connects.</summary>
/// <param name="Port">The destination port.</param>
/// <param name="Connections">The number of (source pod, destination pod) pairs allowed on it.</param>
public sealed record PortReach(ProtocolPort Port, int Connections);
