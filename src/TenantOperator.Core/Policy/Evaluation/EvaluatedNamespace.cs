namespace TenantOperator.Policy.Evaluation;

/// <summary>A namespace as the evaluator sees it.</summary>
/// <param name="Name">The namespace's name.</param>
/// <param name="Labels">Its labels, always including <c>kubernetes.io/metadata.name</c> set to the name, as the API server sets it.</param>
/// <param name="Implicit">True when no Namespace object was given and a pod or policy named it, so it was assumed with no other label.</param>
public sealed record EvaluatedNamespace(string Name, IReadOnlyDictionary<string, string> Labels, bool Implicit);
