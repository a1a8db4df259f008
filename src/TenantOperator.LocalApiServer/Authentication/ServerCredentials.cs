using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// The server's own secrets: the admin's bearer token (the kubeconfig's credential), the key that signs
/// ServiceAccount tokens, and the certificate authority of its TLS. In memory they are new on every start; with a
/// data directory they are kept in it, in files beside the journal (<c>admin-token</c>,
/// <c>service-account-key.pem</c>, <c>ca.crt</c>, <c>ca.key</c>; readable by the owner only), so that a kubeconfig
/// and every token issued before a restart keep working after it, as kube-apiserver's token file, service-account
/// key and CA do.
/// </summary>
internal sealed class ServerCredentials : IDisposable
{
    public const string AdminTokenFileName = "admin-token";
    public const string SigningKeyFileName = "service-account-key.pem";

    private ServerCredentials(string adminToken, SigningKey signingKey, ServingCertificates certificates)
    {
        AdminToken = adminToken;
        SigningKey = signingKey;
        Certificates = certificates;
    }

    public string AdminToken { get; }

    public SigningKey SigningKey { get; }

    public ServingCertificates Certificates { get; }

    public static ServerCredentials InMemory(string bindAddress) =>
        new(NewAdminToken(), SigningKey.Generate(), ServingCertificates.Create(bindAddress, () => null, (_, _) => { }));

    /// <summary>Reads the credentials of <paramref name="directory"/>, creating those that are missing.</summary>
    public static ServerCredentials InDirectory(string directory, string bindAddress)
    {
        var tokenPath = Path.Combine(directory, AdminTokenFileName);
        var keyPath = Path.Combine(directory, SigningKeyFileName);
        var token = ReadOrCreate(tokenPath, NewAdminToken).Trim();
        if (token.Length == 0)
        {
            throw new IOException($"the admin token file {tokenPath} is empty: delete it to have a new token made");
        }

        var pem = ReadOrCreate(keyPath, () =>
        {
            using var key = SigningKey.Generate();
            return key.ToPem();
        });
        var certificatePath = Path.Combine(directory, ServingCertificates.AuthorityCertificateFileName);
        var authorityKeyPath = Path.Combine(directory, ServingCertificates.AuthorityKeyFileName);
        ServingCertificates certificates;
        try
        {
            certificates = ServingCertificates.Create(
                bindAddress,
                () => File.Exists(certificatePath) && File.Exists(authorityKeyPath) ? (File.ReadAllText(certificatePath), File.ReadAllText(authorityKeyPath)) : null,
                (certificate, key) =>
                {
                    // The key first: a certificate without its key on disk would be unusable after a crash.
                    WriteDurably(authorityKeyPath, key);
                    WriteDurably(certificatePath, certificate);
                });
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new IOException($"the certificate authority in {certificatePath} and {authorityKeyPath} cannot be read ({e.Message}): delete both to have a new one made (kubeconfigs written before then stop working)", e);
        }

        try
        {
            return new ServerCredentials(token, SigningKey.FromPem(pem), certificates);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new IOException($"the service-account key {keyPath} is not a P-256 private key in PEM form ({e.Message}): delete it to have a new key made (tokens issued with it stop working)", e);
        }
    }

    public void Dispose()
    {
        SigningKey.Dispose();
        Certificates.Dispose();
    }

    // 32 random bytes: as strong as kubeadm's bootstrap tokens are weak.
    private static string NewAdminToken() => "las-" + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));

    private static string ReadOrCreate(string path, Func<string> create)
    {
        if (File.Exists(path))
        {
            return File.ReadAllText(path, Encoding.UTF8);
        }

        var content = create();
        WriteDurably(path, content);
        return content;
    }

    private static void WriteDurably(string path, string content)
    {
        var temporary = path + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using (var file = new FileStream(temporary, options))
        {
            file.Write(Encoding.UTF8.GetBytes(content));
            file.Flush(flushToDisk: true);
        }

        // Renamed into place only once complete, so a crash never leaves half a key behind.
        File.Move(temporary, path, overwrite: true);
    }
}
