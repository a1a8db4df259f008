namespace TenantOperator.TestSupport.PropertyTesting;

/// <summary>A property did not hold for one of its fixed cases; the message names the case's seed.</summary>
public sealed class PropertyFailedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public PropertyFailedException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PropertyFailedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the property's own failure.</summary>
    public PropertyFailedException(string message, Exception inner)
        : base(message, inner)
    {
    }
}
