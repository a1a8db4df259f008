using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// Issues and checks bound ServiceAccount tokens as kube-apiserver does (pkg/serviceaccount, jwt.go and
/// claims.go): signed JWTs, no state kept per token. A token is accepted while it has not expired (one minute of
/// leeway either side, go-jose's default), its audiences include the API server's, and the ServiceAccount it names,
/// and the Pod or Secret it is bound to, still exist with the uids in the token. So deleting (or recreating) the
/// ServiceAccount or the bound object ends its tokens. Successes are cached for 10 seconds, as kube-apiserver's
/// token cache does (TokenSuccessCacheTTL): a token of a deleted ServiceAccount fails within that time.
/// </summary>
internal sealed class ServiceAccountTokens(ObjectStore store, SigningKey key, TimeProvider time)
{
    /// <summary>The issuer and the API server's own audience, as kubeadm configures them.</summary>
    public const string Issuer = "https://kubernetes.default.svc.cluster.local";

    private const string ServiceAccounts = "serviceaccounts";
    private const int CacheLimit = 10_000;
    private static readonly TimeSpan Leeway = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan SuccessCacheTime = TimeSpan.FromSeconds(10);
    private readonly ConcurrentDictionary<string, (UserInfo User, DateTimeOffset Until)> _recent = new(StringComparer.Ordinal);

    /// <summary>The audiences tokens get when a TokenRequest names none, and the only ones this server accepts.</summary>
    public static IReadOnlyList<string> ApiAudiences { get; } = [Issuer];

    /// <summary>A token for <paramref name="serviceAccount"/> (a stored ServiceAccount), valid for
    /// <paramref name="lifetime"/>, optionally bound to a pod or a secret of its namespace.</summary>
    public (string Token, DateTimeOffset Expiry) Issue(StoredObject serviceAccount, TimeSpan lifetime, IReadOnlyList<string> audiences, ObjectClaim? pod, ObjectClaim? secret)
    {
        var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
        var claims = new ServiceAccountClaims
        {
            Issuer = Issuer,
            Audiences = audiences,
            IssuedAt = now,
            Expiry = now + lifetime,
            Id = Guid.NewGuid().ToString(),
            Namespace = serviceAccount.Namespace,
            ServiceAccount = new ObjectClaim(serviceAccount.Name, serviceAccount.Uid),
            Pod = pod,
            Secret = secret,
        };
        return (JsonWebToken.Sign(claims, key), claims.Expiry);
    }

    /// <summary>True when <paramref name="token"/> claims to come from this issuer: only those are this
    /// authenticator's to accept or refuse.</summary>
    public static bool IsOurs(string token) => JsonWebToken.UnverifiedIssuer(token) == Issuer;

    /// <summary>The ServiceAccount user of a valid token; a <see cref="TokenRejectedException"/> otherwise.</summary>
    public UserInfo Authenticate(string token)
    {
        var now = time.GetUtcNow();
        if (_recent.TryGetValue(token, out var cached) && now < cached.Until)
        {
            return cached.User;
        }

        var claims = JsonWebToken.Verify(token, key);
        if (claims.Issuer != Issuer)
        {
            throw new TokenRejectedException($"token issuer \"{claims.Issuer}\" is invalid");
        }

        // A token without audiences is a legacy token, meant for the API server.
        if (claims.Audiences.Count > 0 && !claims.Audiences.Intersect(ApiAudiences, StringComparer.Ordinal).Any())
        {
            throw new TokenRejectedException($"token audiences [{string.Join(" ", claims.Audiences)}] are invalid for the target audiences [{string.Join(" ", ApiAudiences)}]");
        }

        if (now > claims.Expiry + Leeway)
        {
            throw new TokenRejectedException("service account token has expired");
        }

        if (now < claims.IssuedAt - Leeway)
        {
            throw new TokenRejectedException("service account token is not valid yet");
        }

        var user = Validate(claims, now);
        if (_recent.Count >= CacheLimit)
        {
            _recent.Clear();
        }

        var until = now + SuccessCacheTime;
        _recent[token] = (user, until < claims.Expiry + Leeway ? until : claims.Expiry + Leeway);
        return user;
    }

    // claims.go's validator: the ServiceAccount and the bound object must still exist, with the uids in the token.
    private UserInfo Validate(ServiceAccountClaims claims, DateTimeOffset now)
    {
        var ns = claims.Namespace;
        var serviceAccount = store.Get(ServiceAccounts, ns, claims.ServiceAccount.Name)
            ?? throw new TokenRejectedException($"serviceaccounts \"{claims.ServiceAccount.Name}\" not found");
        if (DeletedBefore(serviceAccount, now - Leeway))
        {
            throw new TokenRejectedException($"service account {ns}/{claims.ServiceAccount.Name} has been deleted");
        }

        if (serviceAccount.Uid != claims.ServiceAccount.Uid)
        {
            throw new TokenRejectedException($"service account UID ({serviceAccount.Uid}) does not match claim ({claims.ServiceAccount.Uid})");
        }

        CheckBound("secrets", ns, claims.Secret, now);
        CheckBound("pods", ns, claims.Pod, now);
        var extra = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        if (claims.Pod is { } pod)
        {
            extra["authentication.kubernetes.io/pod-name"] = [pod.Name];
            extra["authentication.kubernetes.io/pod-uid"] = [pod.Uid];
        }

        extra["authentication.kubernetes.io/credential-id"] = [$"JTI={claims.Id}"];
        return new UserInfo(claims.Subject, serviceAccount.Uid, [.. ServiceAccountNames.Groups(ns), UserInfo.Authenticated], extra);
    }

    private void CheckBound(string storageKey, string ns, ObjectClaim? bound, DateTimeOffset now)
    {
        if (bound is null)
        {
            return;
        }

        var stored = store.Get(storageKey, ns, bound.Name);
        if (stored is null || DeletedBefore(stored, now - Leeway))
        {
            throw new TokenRejectedException("service account token has been invalidated");
        }

        if (stored.Uid != bound.Uid)
        {
            throw new TokenRejectedException($"{storageKey} UID ({stored.Uid}) does not match service account {storageKey} ref claim ({bound.Uid})");
        }
    }

    private static bool DeletedBefore(StoredObject stored, DateTimeOffset limit) =>
        stored.IsDeleting &&
        ObjectMeta.Metadata(stored.ToJsonObject())["deletionTimestamp"] is JsonValue value &&
        DateTimeOffset.TryParse((string?)value, System.Globalization.CultureInfo.InvariantCulture, out var deleted) &&
        deleted < limit;
}
