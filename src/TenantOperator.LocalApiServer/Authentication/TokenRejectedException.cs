namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// A bearer token the server does not accept. The client only ever sees 401 Unauthorized, as from kube-apiserver;
/// the message is for the server's log and tests.
/// </summary>
internal sealed class TokenRejectedException(string message) : Exception(message);
