using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// Reads a request body up to kube-apiserver's limit (its <c>--max-request-bytes</c> default, 3 MiB):
/// one byte more is a 413 RequestEntityTooLarge Status, as its handlers' limitedReadBody answers.
/// </summary>
internal static class RequestBodyReader
{
    public const int MaxBytes = 3 * 1024 * 1024;

    public static async Task<ReadOnlyMemory<byte>> ReadAsync(HttpContext context)
    {
        if (context.Request.ContentLength > MaxBytes)
        {
            throw TooLarge();
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        while (true)
        {
            var read = await context.Request.Body.ReadAsync(chunk, context.RequestAborted);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            if (buffer.Length + read > MaxBytes)
            {
                throw TooLarge();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    private static ApiException TooLarge() =>
        new(413, "RequestEntityTooLarge", $"Request entity too large: limit is {MaxBytes.ToString(CultureInfo.InvariantCulture)}");
}
