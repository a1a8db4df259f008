namespace TenantOperator.Runtime.Events;

/// <summary>The <c>type</c> of a core/v1 Event.</summary>
public enum EventSeverity
{
    /// <summary>Something expected happened (<c>Normal</c>).</summary>
    Normal,

    /// <summary>Something needs attention (<c>Warning</c>).</summary>
    Warning,
}
