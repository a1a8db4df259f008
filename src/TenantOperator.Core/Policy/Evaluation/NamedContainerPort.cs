namespace TenantOperator.Policy.Evaluation;

/// <summary>A named container port in the compiled form the port matcher compares against.</summary>
internal readonly record struct NamedContainerPort(int NameId, TransportProtocol Protocol, int Port);
