namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>A body that is not JSON Go's decoder would accept; <see cref="Exception.Message"/> says why and where.</summary>
internal sealed class JsonDecodeException(string message, bool isSyntax) : Exception(message)
{
    /// <summary>True for malformed JSON; false for well-formed JSON with a value Go cannot hold (a number out of range).</summary>
    public bool IsSyntax { get; } = isSyntax;
}
