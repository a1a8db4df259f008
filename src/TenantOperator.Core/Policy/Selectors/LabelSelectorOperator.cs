namespace TenantOperator.Policy.Selectors;

/// <summary>The operators of a metav1.LabelSelectorRequirement.</summary>
public enum LabelSelectorOperator
{
    /// <summary>The label is present and its value is one of the values.</summary>
    In,

    /// <summary>The label is absent, or its value is none of the values.</summary>
    NotIn,

    /// <summary>The label is present, whatever its value.</summary>
    Exists,

    /// <summary>The label is absent.</summary>
    DoesNotExist,
}
