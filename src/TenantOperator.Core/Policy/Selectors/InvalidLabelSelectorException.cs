namespace TenantOperator.Policy.Selectors;

/// <summary>A label selector that Kubernetes would refuse to convert into a selector.</summary>
/// <remarks>The message names the offending field relative to the selector, e.g.
/// <c>matchExpressions[0].operator: Unsupported value: "Has": supported values: "In", "NotIn", "Exists", "DoesNotExist"</c>.</remarks>
public sealed class InvalidLabelSelectorException(string message) : ArgumentException(message);
