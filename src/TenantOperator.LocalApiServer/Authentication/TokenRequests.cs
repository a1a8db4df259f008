using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Authorization;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Storage;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// The TokenRequest API, <c>POST /api/v1/namespaces/NS/serviceaccounts/NAME/token</c> (pkg/registry/core/
/// serviceaccount/storage/token.go), which <c>kubectl create token</c> calls: an expiry of one hour unless asked
/// (at least 10 minutes, at most 2^32 seconds, no server maximum), the API server's audience unless others are
/// named, and optionally a binding to a Pod (which must run as this ServiceAccount) or a Secret of the namespace,
/// whose uid must match when given. Other kinds of bound objects are refused as kube-apiserver refuses them.
/// </summary>
internal sealed class TokenRequests(ObjectStore store, ServiceAccountTokens tokens)
{
    public const string ApiVersion = "authentication.k8s.io/v1";
    private const string Group = "authentication.k8s.io";
    private const string Kind = "TokenRequest";
    private const long DefaultExpirationSeconds = 3600;
    private const long MinimumExpirationSeconds = 600;
    private const long MaximumExpirationSeconds = 1L << 32;

    /// <summary>Answers the request for a token of ServiceAccount <paramref name="name"/> in <paramref name="ns"/>.</summary>
    public JsonObject Create(JsonObject request, string ns, string name)
    {
        var spec = ReviewRequests.Object(request["spec"]);
        request["spec"] = spec;
        var expiration = ExpirationSeconds(spec);
        spec["expirationSeconds"] = expiration;
        var invalid = new List<StatusCause>();
        if (expiration < MinimumExpirationSeconds)
        {
            invalid.Add(new StatusCause("spec.expirationSeconds", "FieldValueInvalid", $"Invalid value: {expiration}: may not specify a duration less than 10 minutes"));
        }

        if (expiration > MaximumExpirationSeconds)
        {
            invalid.Add(new StatusCause("spec.expirationSeconds", "FieldValueInvalid", $"Invalid value: {expiration}: may not specify a duration larger than 2^32 seconds"));
        }

        if (invalid.Count > 0)
        {
            throw ReviewRequests.Invalid(Group, Kind, invalid);
        }

        var serviceAccount = store.Get("serviceaccounts", ns, name) ?? throw ApiErrors.NotFound(string.Empty, "serviceaccounts", name);
        var (pod, secret) = BoundObject(spec["boundObjectRef"] as JsonObject, ns, name);
        var audiences = spec["audiences"] is JsonArray { Count: > 0 } requested
            ? requested.Select(ReviewRequests.Text).ToList()
            : [.. ServiceAccountTokens.ApiAudiences];
        spec["audiences"] = new JsonArray([.. audiences.Select(a => (JsonNode)a)]);
        var (token, expiry) = tokens.Issue(serviceAccount, TimeSpan.FromSeconds(expiration), audiences, pod, secret);
        request["status"] = new JsonObject { ["token"] = token, ["expirationTimestamp"] = ObjectMeta.Timestamp(expiry) };
        return request;
    }

    private static long ExpirationSeconds(JsonObject spec)
    {
        if (spec["expirationSeconds"] is not { } value)
        {
            return DefaultExpirationSeconds;
        }

        return value is JsonValue number && number.TryGetValue<long>(out var seconds)
            ? seconds
            : throw ApiErrors.BadRequest($"TokenRequest in version \"v1\" cannot be handled as a TokenRequest: json: cannot unmarshal {GoJsonKind(value)} into Go struct field TokenRequestSpec.spec.expirationSeconds of type int64");
    }

    // How Go's JSON decoder names what it found where it wanted an integer.
    private static string GoJsonKind(JsonNode value) => value.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Number => $"number {value.ToJsonString()}",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "bool",
        System.Text.Json.JsonValueKind.Array => "array",
        _ => "object",
    };

    private (ObjectClaim? Pod, ObjectClaim? Secret) BoundObject(JsonObject? reference, string ns, string serviceAccount)
    {
        if (reference is null)
        {
            return (null, null);
        }

        var apiVersion = ReviewRequests.Text(reference["apiVersion"]);
        var kind = ReviewRequests.Text(reference["kind"]);
        var name = ReviewRequests.Text(reference["name"]);
        var uid = ReviewRequests.Text(reference["uid"]);
        var (group, version) = apiVersion.Contains('/', StringComparison.Ordinal)
            ? (apiVersion[..apiVersion.IndexOf('/', StringComparison.Ordinal)], apiVersion[(apiVersion.IndexOf('/', StringComparison.Ordinal) + 1)..])
            : (string.Empty, apiVersion);
        StoredObject bound;
        switch (group, kind)
        {
            case ("", "Pod"):
                bound = store.Get("pods", ns, name) ?? throw ApiErrors.NotFound(string.Empty, "pods", name);
                var podAccount = ReviewRequests.Text(bound.ToJsonObject()["spec"]?["serviceAccountName"]);
                if (podAccount != serviceAccount)
                {
                    throw ApiErrors.BadRequest($"cannot bind token for serviceaccount \"{serviceAccount}\" to pod running with different serviceaccount name.");
                }

                break;
            case ("", "Secret"):
                bound = store.Get("secrets", ns, name) ?? throw ApiErrors.NotFound(string.Empty, "secrets", name);
                break;
            default:
                throw ApiErrors.BadRequest($"cannot bind token to object of type {group}/{version}, Kind={kind}");
        }

        if (uid.Length > 0 && uid != bound.Uid)
        {
            throw new ApiException(409, "Conflict",
                $"Operation cannot be fulfilled on {kind} \"{name}\": the UID in the bound object reference ({uid}) does not match the UID in record. The object might have been deleted and then recreated",
                new JsonObject { ["name"] = name, ["kind"] = kind });
        }

        var claim = new ObjectClaim(name, bound.Uid);
        return kind == "Pod" ? (claim, null) : (null, claim);
    }
}
