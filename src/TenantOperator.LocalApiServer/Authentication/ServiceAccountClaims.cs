namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>A name and uid in a token's claims: the ServiceAccount, or the object the token is bound to.</summary>
internal sealed record ObjectClaim(string Name, string Uid);

/// <summary>
/// What a ServiceAccount token says, as kube-apiserver's pkg/serviceaccount Claims lays it out: the public JWT
/// claims (sub, aud, iat, nbf, exp, jti) and the private <c>kubernetes.io</c> claim naming the namespace, the
/// ServiceAccount with its uid, and the Pod or Secret the token is bound to.
/// </summary>
internal sealed record ServiceAccountClaims
{
    public required string Issuer { get; init; }

    public required IReadOnlyList<string> Audiences { get; init; }

    public required DateTimeOffset IssuedAt { get; init; }

    public required DateTimeOffset Expiry { get; init; }

    public required string Id { get; init; }

    public required string Namespace { get; init; }

    public required ObjectClaim ServiceAccount { get; init; }

    public ObjectClaim? Pod { get; init; }

    public ObjectClaim? Secret { get; init; }

    public string Subject => ServiceAccountNames.Username(Namespace, ServiceAccount.Name);
}
