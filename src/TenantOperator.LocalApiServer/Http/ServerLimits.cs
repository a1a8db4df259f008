namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// The HTTP limits of the server, those of kube-apiserver: Go's http.Server with MaxHeaderBytes 1 MiB
/// (it reads 4 KiB more before it refuses), and no limit of its own on the number of headers. Bodies are
/// limited by the handlers (<see cref="Bodies.RequestBodyReader"/>).
/// </summary>
internal static class ServerLimits
{
    public const int MaxRequestHeadBytes = (1 << 20) + 4096;

    public const int MaxRequestHeaderCount = 100_000;
}
