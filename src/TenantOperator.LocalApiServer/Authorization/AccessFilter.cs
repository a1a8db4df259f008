using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Authentication;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.Persistence;

namespace TenantOperator.LocalApiServer.Authorization;

/// <summary>
/// The front of every request, as kube-apiserver's authentication, impersonation and authorization filters: who is
/// asking (401 for a bad token), as whom (<c>Impersonate-*</c> headers), may they (403 with kube-apiserver's message,
/// recorded in the
/// <see cref="AuthorizationLog"/>), and, for the access APIs (TokenRequest, SelfSubjectReview, the access
/// reviews), the answer itself. Everything else goes on to the router with its user attached.
/// </summary>
internal sealed class AccessFilter(
    RequestAuthenticator authenticator,
    Impersonation impersonation,
    ServerAuthorizer authorizer,
    TokenRequests tokenRequests,
    AccessReviews reviews,
    IDurabilityGate durability)
{
    /// <summary>Authenticates and authorizes the request; true when it was one of the access APIs and is answered.</summary>
    public async Task<bool> HandleAsync(HttpContext context, RequestInfo request)
    {
        var user = impersonation.Apply(context.Request, authenticator.Authenticate(context.Request));
        RequestUser.Set(context, user);
        var attributes = AuthorizationAttributes.Of(request, context.Request, user);
        var decision = authorizer.AuthorizeForRequest(attributes);
        if (!decision.Allowed)
        {
            var denied = ForbiddenErrors.Denied(attributes, decision.Reason);
            authorizer.RecordDenial(attributes, denied.Message);
            throw denied;
        }

        if (!request.IsResourceRequest || request.Verb != "create")
        {
            return false;
        }

        JsonObject? answer = (request.Group, request.Version, request.Resource, request.Subresource) switch
        {
            ("", "v1", "serviceaccounts", "token") =>
                tokenRequests.Create(await ReviewRequests.ReadAsync(context, TokenRequests.ApiVersion, "TokenRequest"), request.Namespace, request.Name),
            ("authentication.k8s.io", "v1", "selfsubjectreviews", "") when request.Name.Length == 0 =>
                SelfSubjectReviews.Answer(await ReviewRequests.ReadAsync(context, SelfSubjectReviews.ApiVersion, "SelfSubjectReview"), user),
            ("authorization.k8s.io", "v1", "selfsubjectaccessreviews", "") when request.Name.Length == 0 =>
                reviews.SelfSubjectAccessReview(await ReviewRequests.ReadAsync(context, AccessReviews.ApiVersion, "SelfSubjectAccessReview"), user),
            ("authorization.k8s.io", "v1", "selfsubjectrulesreviews", "") when request.Name.Length == 0 =>
                reviews.SelfSubjectRulesReview(await ReviewRequests.ReadAsync(context, AccessReviews.ApiVersion, "SelfSubjectRulesReview"), user),
            ("authorization.k8s.io", "v1", "subjectaccessreviews", "") when request.Name.Length == 0 && request.Namespace.Length == 0 =>
                reviews.SubjectAccessReview(await ReviewRequests.ReadAsync(context, AccessReviews.ApiVersion, "SubjectAccessReview"), null),
            ("authorization.k8s.io", "v1", "localsubjectaccessreviews", "") when request.Name.Length == 0 && request.Namespace.Length > 0 =>
                reviews.SubjectAccessReview(await ReviewRequests.ReadAsync(context, AccessReviews.ApiVersion, "LocalSubjectAccessReview"), request.Namespace),
            _ => null,
        };
        if (answer is null)
        {
            return false;
        }

        // A token names objects the store holds: answer only once they are durable, as every other answer.
        await durability.WhenAllDurableAsync(context.RequestAborted);
        await ApiResponses.WriteJsonAsync(context, 201, answer);
        return true;
    }
}
