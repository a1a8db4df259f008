using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// ServiceAccount tokens as compact JWS (RFC 7515) signed with ES256: the header names the key
/// (<c>{"alg":"ES256","kid":...}</c>), the payload carries <see cref="ServiceAccountClaims"/> with the field names
/// kube-apiserver writes, so the token reads like one a cluster issued (<c>jwt.io</c> shows the same shape).
/// </summary>
internal static class JsonWebToken
{
    private const string KubernetesClaim = "kubernetes.io";

    public static string Sign(ServiceAccountClaims claims, SigningKey key)
    {
        var header = Encode(writer =>
        {
            writer.WriteString("alg", "ES256");
            writer.WriteString("kid", key.KeyId);
        });
        var payload = Encode(writer => WritePayload(writer, claims));
        var signingInput = header + "." + payload;
        return signingInput + "." + Base64Url.EncodeToString(key.Sign(Encoding.ASCII.GetBytes(signingInput)));
    }

    /// <summary>The issuer a compact token claims, read before its signature is checked (as kube-apiserver's
    /// hasCorrectIssuer does, to tell its own tokens from others); null when it is not a JWT at all.</summary>
    public static string? UnverifiedIssuer(string token)
    {
        var parts = token.Split('.');
        if (parts.Length != 3 || token.TrimStart().StartsWith('{'))
        {
            return null;
        }

        try
        {
            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return payload.RootElement.ValueKind == JsonValueKind.Object && payload.RootElement.TryGetProperty("iss", out var iss) && iss.ValueKind == JsonValueKind.String
                ? iss.GetString()
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }

    /// <summary>The claims of a token whose ES256 signature <paramref name="key"/> verifies; an error otherwise.</summary>
    public static ServiceAccountClaims Verify(string token, SigningKey key)
    {
        var parts = token.Split('.');
        if (parts.Length != 3)
        {
            throw new TokenRejectedException("not a compact JWS");
        }

        try
        {
            using var header = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[0]));
            if (String(header.RootElement, "alg") != "ES256")
            {
                throw new TokenRejectedException("unexpected signature algorithm");
            }

            if (!key.Verify(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url.DecodeFromChars(parts[2])))
            {
                throw new TokenRejectedException("invalid signature");
            }

            using var payload = JsonDocument.Parse(Base64Url.DecodeFromChars(parts[1]));
            return ReadPayload(payload.RootElement);
        }
        catch (Exception e) when (e is FormatException or JsonException or InvalidOperationException or KeyNotFoundException)
        {
            throw new TokenRejectedException($"malformed token: {e.Message}");
        }
    }

    private static void WritePayload(Utf8JsonWriter writer, ServiceAccountClaims claims)
    {
        writer.WriteStartArray("aud");
        foreach (var audience in claims.Audiences)
        {
            writer.WriteStringValue(audience);
        }

        writer.WriteEndArray();
        writer.WriteNumber("exp", claims.Expiry.ToUnixTimeSeconds());
        writer.WriteNumber("iat", claims.IssuedAt.ToUnixTimeSeconds());
        writer.WriteString("iss", claims.Issuer);
        writer.WriteString("jti", claims.Id);
        writer.WriteStartObject(KubernetesClaim);
        writer.WriteString("namespace", claims.Namespace);
        WriteObjectClaim(writer, "pod", claims.Pod);
        WriteObjectClaim(writer, "secret", claims.Secret);
        WriteObjectClaim(writer, "serviceaccount", claims.ServiceAccount);
        writer.WriteEndObject();
        writer.WriteNumber("nbf", claims.IssuedAt.ToUnixTimeSeconds());
        writer.WriteString("sub", claims.Subject);
    }

    private static void WriteObjectClaim(Utf8JsonWriter writer, string name, ObjectClaim? claim)
    {
        if (claim is null)
        {
            return;
        }

        writer.WriteStartObject(name);
        writer.WriteString("name", claim.Name);
        writer.WriteString("uid", claim.Uid);
        writer.WriteEndObject();
    }

    private static ServiceAccountClaims ReadPayload(JsonElement payload)
    {
        var kubernetes = payload.GetProperty(KubernetesClaim);
        var audiences = payload.TryGetProperty("aud", out var aud)
            ? aud.ValueKind == JsonValueKind.Array ? [.. aud.EnumerateArray().Select(a => a.GetString() ?? string.Empty)] : [aud.GetString() ?? string.Empty]
            : Array.Empty<string>();
        return new ServiceAccountClaims
        {
            Issuer = String(payload, "iss"),
            Audiences = audiences,
            IssuedAt = DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("iat").GetInt64()),
            Expiry = DateTimeOffset.FromUnixTimeSeconds(payload.GetProperty("exp").GetInt64()),
            Id = String(payload, "jti"),
            Namespace = String(kubernetes, "namespace"),
            ServiceAccount = ReadObjectClaim(kubernetes, "serviceaccount") ?? throw new TokenRejectedException("no serviceaccount claim"),
            Pod = ReadObjectClaim(kubernetes, "pod"),
            Secret = ReadObjectClaim(kubernetes, "secret"),
        };
    }

    private static ObjectClaim? ReadObjectClaim(JsonElement kubernetes, string name) =>
        kubernetes.TryGetProperty(name, out var claim) ? new ObjectClaim(String(claim, "name"), String(claim, "uid")) : null;

    private static string String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;

    private static string Encode(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            write(writer);
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.ToArray());
    }
}
