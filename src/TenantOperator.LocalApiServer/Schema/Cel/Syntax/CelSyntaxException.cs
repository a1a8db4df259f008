namespace TenantOperator.LocalApiServer.Schema.Cel.Syntax;

/// <summary>An expression our parser cannot read, at <see cref="Offset"/> in the source.</summary>
internal sealed class CelSyntaxException : Exception
{
    public CelSyntaxException(int offset, string message)
        : base(message)
    {
        Offset = offset;
    }

    public CelSyntaxException()
    {
    }

    public CelSyntaxException(string message)
        : base(message)
    {
    }

    public CelSyntaxException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public int Offset { get; }
}
