namespace TenantOperator.LocalApiServer.JsonPath;

/// <summary>A JSONPath template that does not parse, or a path that cannot be evaluated against the data.</summary>
public sealed class JsonPathException : Exception
{
    /// <summary>Creates the exception with the message kubectl's JSONPath would give.</summary>
    public JsonPathException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public JsonPathException()
    {
    }

    /// <summary>Creates the exception wrapping another.</summary>
    public JsonPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
