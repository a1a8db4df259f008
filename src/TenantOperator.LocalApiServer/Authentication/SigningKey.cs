using System.Buffers.Text;
using System.Security.Cryptography;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// The key ServiceAccount tokens are signed with: ECDSA P-256 (ES256), which kube-apiserver accepts as its
/// service-account key like RSA, and which is generated in a millisecond where RSA takes a noticeable part of a
/// test server's start. The key id is kube-apiserver's: base64url of the SHA-256 of the public key's DER form.
/// </summary>
internal sealed class SigningKey : IDisposable
{
    private readonly ECDsa _key;

    private SigningKey(ECDsa key)
    {
        _key = key;
        KeyId = Base64Url.EncodeToString(SHA256.HashData(key.ExportSubjectPublicKeyInfo()));
    }

    /// <summary>The <c>kid</c> header of the tokens this key signs.</summary>
    public string KeyId { get; }

    public static SigningKey Generate() => new(ECDsa.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>A key from its PKCS#8 PEM form (what <see cref="ToPem"/> wrote).</summary>
    public static SigningKey FromPem(string pem)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(pem);
        if (key.KeySize != 256)
        {
            key.Dispose();
            throw new CryptographicException($"the service-account signing key is a {key.KeySize}-bit EC key; expected P-256");
        }

        return new SigningKey(key);
    }

    public string ToPem() => _key.ExportPkcs8PrivateKeyPem();

    /// <summary>The JWS ES256 signature of <paramref name="signingInput"/>: r and s, 32 bytes each.</summary>
    public byte[] Sign(ReadOnlySpan<byte> signingInput) => _key.SignData(signingInput, HashAlgorithmName.SHA256);

    public bool Verify(ReadOnlySpan<byte> signingInput, ReadOnlySpan<byte> signature) =>
        signature.Length == 64 && _key.VerifyData(signingInput, signature, HashAlgorithmName.SHA256);

    public void Dispose() => _key.Dispose();
}
