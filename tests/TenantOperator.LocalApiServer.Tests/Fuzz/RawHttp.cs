using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Tests.Fuzz;

/// <summary>
/// HTTP/1.1 over a plain socket, sending the request bytes exactly as given: HttpClient normalizes paths
/// (it resolves <c>..</c> and may decode <c>%2e</c>), which would hide what the server does with them.
/// The connection is TLS, trusting the server's own certificate authority, and the request is sent as the
/// cluster admin (an <c>Authorization</c> header after the request line) unless asked to be anonymous.
/// Shared with the fuzzing run in bench/.
/// </summary>
public static class RawHttp
{
    private const int MaxHeadBytes = 64 * 1024;
    private const int MaxBodyBytes = 8 * 1024 * 1024;

    /// <summary>A request with a JSON (or other) body, Host and Content-Length filled in.</summary>
    public static byte[] Request(string method, string target, string? contentType = null, byte[]? body = null, IEnumerable<string>? extraHeaders = null)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: 127.0.0.1\r\n");
        if (contentType is not null)
        {
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
        }

        foreach (var header in extraHeaders ?? [])
        {
            head.Append(header).Append("\r\n");
        }

        head.Append("Content-Length: ").Append((body?.Length ?? 0).ToString(CultureInfo.InvariantCulture)).Append("\r\nConnection: close\r\n\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }

    /// <summary>
    /// Sends <paramref name="request"/> on a new connection and reads the answer. A 2xx body that stops
    /// coming for <paramref name="idle"/> (a watch) is cut there; an error body is read to its end.
    /// Fails with <see cref="TimeoutException"/> when no complete answer arrives within <paramref name="bound"/>.
    /// </summary>
    public static async Task<RawResponse> SendAsync(
        LocalKubernetesApiServer server, byte[] request, TimeSpan bound, TimeSpan? idle = null, bool anonymous = false)
    {
        ArgumentNullException.ThrowIfNull(server);
        if (!anonymous)
        {
            request = WithHeader(request, $"Authorization: Bearer {server.AdminToken}");
        }

        // An answer to HEAD has a head only, whatever its headers say of a body.
        var headOnly = request.AsSpan().StartsWith("HEAD "u8);
        using var deadline = new CancellationTokenSource(bound);
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(server.BaseAddress.Host, server.BaseAddress.Port, deadline.Token);
            await using var stream = new SslStream(client.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => IssuedBy(server.CertificateAuthority, certificate));
            await stream.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = server.BaseAddress.Host }, deadline.Token);
            // Written while the answer is read, as any client does: a server may answer before it has read
            // a body (one it refuses, or one a GET ignores), and stop reading it.
            var writing = WriteAsync(stream, request, deadline.Token);
            var reader = new ResponseReader(stream, idle ?? TimeSpan.FromMilliseconds(300), headOnly, deadline.Token);
            var response = await reader.ReadAsync();
            client.Close();
            await writing;
            return response;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"no complete answer within {bound.TotalSeconds} s");
        }
    }

    /// <summary>Inserts a header line right after the request line, leaving every other byte as it was.</summary>
    private static byte[] WithHeader(byte[] request, string header)
    {
        var lineEnd = request.AsSpan().IndexOf("\r\n"u8);
        if (lineEnd < 0)
        {
            return request; // no request line to follow: the bytes stay as malformed as they were
        }

        return [.. request.AsSpan(0, lineEnd + 2), .. Encoding.Latin1.GetBytes(header + "\r\n"), .. request.AsSpan(lineEnd + 2)];
    }

    /// <summary>Whether the server's certificate chains to its own authority (and only to it).</summary>
    private static bool IssuedBy(X509Certificate2 authority, X509Certificate? certificate)
    {
        if (certificate is null)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static async Task WriteAsync(Stream stream, byte[] request, CancellationToken cancellation)
    {
        try
        {
            await stream.WriteAsync(request, cancellation);
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The answer came, or the server closed the connection, before the request was all sent.
        }
    }

    private sealed class ResponseReader(Stream stream, TimeSpan idle, bool headOnly, CancellationToken cancellation)
    {
        private readonly List<byte> _buffer = [];
        private bool _closed;

        public async Task<RawResponse> ReadAsync()
        {
            int end;
            while ((end = IndexOfHeadEnd()) < 0)
            {
                if (_buffer.Count > MaxHeadBytes || !await FillAsync(cancellation))
                {
                    throw new IOException($"the answer has no complete head ({_buffer.Count} bytes received)");
                }
            }

            var head = Encoding.Latin1.GetString([.. _buffer.Take(end)]).Split("\r\n");
            _buffer.RemoveRange(0, end + 4);
            var code = int.Parse(head[0].Split(' ')[1], CultureInfo.InvariantCulture);
            var headers = head.Skip(1).Select(h => h.Split(':', 2)).Where(p => p.Length == 2)
                .Select(p => (Name: p[0].Trim(), Value: p[1].Trim())).ToList();
            var success = code is >= 200 and < 300;
            if (headOnly || code is 204 or 304)
            {
                return new RawResponse(code, headers, [], true);
            }

            var (body, complete) = headers.Any(h => h.Name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.Contains("chunked", StringComparison.OrdinalIgnoreCase))
                ? await ReadChunkedAsync(success)
                : headers.FirstOrDefault(h => h.Name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)) is { Name: not null } length
                    ? await ReadLengthAsync(int.Parse(length.Value, CultureInfo.InvariantCulture))
                    : await ReadToCloseAsync();
            return new RawResponse(code, headers, body, complete);
        }

        private async Task<(byte[], bool)> ReadLengthAsync(int length)
        {
            while (_buffer.Count < length)
            {
                if (!await FillAsync(cancellation))
                {
                    return ([.. _buffer], false);
                }
            }

            return ([.. _buffer.Take(length)], true);
        }

        private async Task<(byte[], bool)> ReadToCloseAsync()
        {
            while (await FillAsync(cancellation) && _buffer.Count < MaxBodyBytes)
            {
            }

            return ([.. _buffer], _closed);
        }

        private async Task<(byte[], bool)> ReadChunkedAsync(bool mayIdle)
        {
            var body = new List<byte>();
            while (body.Count < MaxBodyBytes)
            {
                int lineEnd;
                while ((lineEnd = IndexOf("\r\n"u8)) < 0)
                {
                    if (!await FillWithinIdleAsync(mayIdle))
                    {
                        return ([.. body], false);
                    }
                }

                var size = Convert.ToInt32(Encoding.ASCII.GetString([.. _buffer.Take(lineEnd)]).Split(';')[0].Trim(), 16);
                while (_buffer.Count < lineEnd + 2 + size + 2)
                {
                    if (!await FillWithinIdleAsync(mayIdle))
                    {
                        return ([.. body], false);
                    }
                }

                body.AddRange(_buffer.Skip(lineEnd + 2).Take(size));
                _buffer.RemoveRange(0, lineEnd + 2 + size + 2);
                if (size == 0)
                {
                    return ([.. body], true);
                }
            }

            return ([.. body], false);
        }

        private async Task<bool> FillWithinIdleAsync(bool mayIdle)
        {
            if (!mayIdle)
            {
                return await FillAsync(cancellation);
            }

            using var pause = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
            pause.CancelAfter(idle);
            try
            {
                return await FillAsync(pause.Token);
            }
            catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
            {
                return false;
            }
        }

        private async Task<bool> FillAsync(CancellationToken token)
        {
            if (_closed)
            {
                return false;
            }

            var chunk = new byte[64 * 1024];
            int read;
            try
            {
                read = await stream.ReadAsync(chunk, token);
            }
            catch (IOException)
            {
                read = 0;
            }

            if (read == 0)
            {
                _closed = true;
                return false;
            }

            _buffer.AddRange(chunk.AsSpan(0, read));
            return true;
        }

        private int IndexOfHeadEnd() => IndexOf("\r\n\r\n"u8);

        private int IndexOf(ReadOnlySpan<byte> pattern)
        {
            var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_buffer);
            return span.IndexOf(pattern);
        }
    }
}

/// <summary>An answer read by <see cref="RawHttp"/>: code, headers in order, body, and whether the body arrived whole.</summary>
public sealed record RawResponse(int Code, IReadOnlyList<(string Name, string Value)> Headers, byte[] Body, bool Complete)
{
    public string Text => Encoding.UTF8.GetString(Body);

    /// <summary>The body as a JSON object, or null when it is not one.</summary>
    public JsonObject? Json
    {
        get
        {
            try
            {
                return JsonNode.Parse(Body) as JsonObject;
            }
            catch (System.Text.Json.JsonException)
            {
                return null;
            }
        }
    }

    public IEnumerable<string> HeaderValues(string name) =>
        Headers.Where(h => h.Name.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value);
}
