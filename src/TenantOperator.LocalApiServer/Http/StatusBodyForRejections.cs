using System.Buffers;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// Kestrel refuses some requests before the application sees them (a request line or headers over the
/// limit: 414, 431; a malformed request: 400) and answers them with an empty body, which its API offers
/// no way to fill. Every other answer of this server is a Kubernetes Status, and clients show a Status's
/// message; so this connection filter looks at what is written before each flush and gives such an empty
/// error answer a Status body. Application answers always carry a Content-Type and pass through as they are.
/// </summary>
internal static class StatusBodyForRejections
{
    /// <summary>Installs the filter on a listener.</summary>
    public static void Install(ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        connection.Transport = new Pipe(transport.Input, new Writer(transport.Output));
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    });

    /// <summary>The Status an empty error answer of Kestrel gets, as a complete replacement of its head.</summary>
    internal static byte[]? Rewrite(ReadOnlySpan<byte> head)
    {
        var text = Encoding.Latin1.GetString(head);
        var lines = text[..^4].Split("\r\n");
        var status = lines[0].Split(' ', 3);
        if (status.Length < 2 || !int.TryParse(status[1], NumberStyles.None, CultureInfo.InvariantCulture, out var code) || code < 400)
        {
            return null;
        }

        var headers = lines.Skip(1).ToList();
        if (headers.Any(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase))
            || !headers.Any(h => h.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(StatusFor(code, status.Length > 2 ? status[2] : string.Empty).ToStatus());
        var rewritten = new StringBuilder().Append(lines[0]).Append("\r\n");
        foreach (var header in headers)
        {
            if (header.Equals("Content-Length: 0", StringComparison.OrdinalIgnoreCase))
            {
                rewritten.Append("Content-Type: application/json\r\n");
                rewritten.Append("Content-Length: ").Append(body.Length.ToString(CultureInfo.InvariantCulture)).Append("\r\n");
            }
            else
            {
                rewritten.Append(header).Append("\r\n");
            }
        }

        rewritten.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(rewritten.ToString()), .. body];
    }

    private static ApiException StatusFor(int code, string phrase) => code switch
    {
        414 => new(414, string.Empty, $"{phrase}: the request line is longer than {ServerLimits.MaxRequestHeadBytes.ToString(CultureInfo.InvariantCulture)} bytes"),
        431 => new(431, string.Empty, $"{phrase}: the request headers are larger than {ServerLimits.MaxRequestHeadBytes.ToString(CultureInfo.InvariantCulture)} bytes"),
        400 => ApiErrors.BadRequest("the HTTP request is malformed"),
        _ => ApiErrors.FromHttpStatus(code, phrase),
    };

    private sealed class Pipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Collects what Kestrel writes between flushes and hands it on at each flush, rewritten when it is
    /// one of Kestrel's empty error answers. Memory it lends always stays its own until the flush, so
    /// Kestrel may write into it in any order the PipeWriter contract allows.
    /// </summary>
    private sealed class Writer(PipeWriter inner) : PipeWriter
    {
        private static readonly byte[] StatusLinePrefix = "HTTP/1.1 "u8.ToArray();
        private static readonly byte[] EndOfHead = "\r\n\r\n"u8.ToArray();
        private readonly ArrayBufferWriter<byte> _held = new();

        public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

        public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

        public override Memory<byte> GetMemory(int sizeHint = 0) => _held.GetMemory(sizeHint);

        public override Span<byte> GetSpan(int sizeHint = 0) => _held.GetSpan(sizeHint);

        public override void Advance(int bytes) => _held.Advance(bytes);

        public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
        {
            HandOn();
            return inner.FlushAsync(cancellationToken);
        }

        public override void CancelPendingFlush() => inner.CancelPendingFlush();

        public override void Complete(Exception? exception = null)
        {
            HandOn();
            inner.Complete(exception);
        }

        public override ValueTask CompleteAsync(Exception? exception = null)
        {
            HandOn();
            return inner.CompleteAsync(exception);
        }

        private void HandOn()
        {
            var written = _held.WrittenSpan;
            if (written.Length == 0)
            {
                return;
            }

            var end = written.StartsWith(StatusLinePrefix) ? written.IndexOf(EndOfHead) : -1;
            if (end >= 0 && Rewrite(written[..(end + EndOfHead.Length)]) is { } replacement)
            {
                inner.Write(replacement);
                inner.Write(written[(end + EndOfHead.Length)..]);
            }
            else
            {
                inner.Write(written);
            }

            _held.ResetWrittenCount();
        }
    }
}
