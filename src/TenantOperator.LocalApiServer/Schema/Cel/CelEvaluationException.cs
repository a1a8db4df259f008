namespace TenantOperator.LocalApiServer.Schema.Cel;

/// <summary>An error raised by one of our CEL library functions while a rule runs (reported like a CEL runtime error).</summary>
internal sealed class CelEvaluationException : Exception
{
    public CelEvaluationException(string message)
        : base(message)
    {
    }

    public CelEvaluationException()
    {
    }

    public CelEvaluationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
