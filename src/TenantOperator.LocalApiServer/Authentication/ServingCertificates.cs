using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// The server's TLS: a certificate authority of its own (ECDSA P-256, ten years) and a serving certificate it signs
/// for loopback (127.0.0.1, ::1, localhost, and the in-cluster names of kube-apiserver), made at every start. The
/// server speaks HTTPS only, as kube-apiserver's secure port does: kubectl sends a bearer token only over TLS
/// (client-go leaves credentials out of plain-HTTP requests), so without TLS no token would ever arrive. Clients
/// trust the authority through the kubeconfig's <c>certificate-authority-data</c>.
/// </summary>
internal sealed class ServingCertificates : IDisposable
{
    public const string AuthorityCertificateFileName = "ca.crt";
    public const string AuthorityKeyFileName = "ca.key";

    private static readonly string[] DnsNames = ["localhost", "kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local"];

    private ServingCertificates(X509Certificate2 authority, X509Certificate2 serving)
    {
        Authority = authority;
        Serving = serving;
    }

    /// <summary>The authority's certificate (public part only).</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>The serving certificate, with its private key.</summary>
    public X509Certificate2 Serving { get; }

    /// <summary>The authority's certificate in PEM form, as a kubeconfig carries it.</summary>
    public string AuthorityPem => Authority.ExportCertificatePem();

    /// <summary>A new authority, or the one a data directory keeps (<paramref name="load"/> returns null when absent).</summary>
    public static ServingCertificates Create(string bindAddress, Func<(string Certificate, string Key)?> load, Action<string, string> save)
    {
        var (authority, authorityKey) = load() is { } stored ? Import(stored) : NewAuthority(save);
        using (authorityKey)
        {
            return new ServingCertificates(authority, NewServingCertificate(authority, authorityKey, bindAddress));
        }
    }

    public void Dispose()
    {
        Authority.Dispose();
        Serving.Dispose();
    }

    private static (X509Certificate2, ECDsa) NewAuthority(Action<string, string> save)
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=local-apiserver-ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign | X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var withKey = request.CreateSelfSigned(now.AddMinutes(-5), now.AddYears(10));
        var certificate = X509CertificateLoader.LoadCertificate(withKey.Export(X509ContentType.Cert));
        save(certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
        return (certificate, key);
    }

    private static (X509Certificate2, ECDsa) Import((string Certificate, string Key) stored)
    {
        var key = ECDsa.Create();
        key.ImportFromPem(stored.Key);
        return (X509Certificate2.CreateFromPem(stored.Certificate), key);
    }

    private static X509Certificate2 NewServingCertificate(X509Certificate2 authority, ECDsa authorityKey, string bindAddress)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=kube-apiserver", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        foreach (var address in new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }.Append(IPAddress.TryParse(bindAddress, out var bound) ? bound : IPAddress.Loopback).Distinct())
        {
            names.AddIpAddress(address);
        }

        foreach (var name in DnsNames)
        {
            names.AddDnsName(name);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.KeyEncipherment, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var notAfter = now.AddYears(1) < authority.NotAfter ? now.AddYears(1) : authority.NotAfter.ToUniversalTime();
        using var signed = request.Create(authority.SubjectName, X509SignatureGenerator.CreateForECDsa(authorityKey), now.AddMinutes(-5), notAfter, RandomNumberGenerator.GetBytes(16));
        using var withKey = signed.CopyWithPrivateKey(key);

        // Through PKCS#12 so the key is not ephemeral: TLS stacks want a key they can hand to the platform.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }
}
