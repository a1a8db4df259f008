using System.Text.Json.Nodes;

namespace TenantOperator.LocalApiServer.Authentication;

/// <summary>
/// SelfSubjectReview (authentication.k8s.io/v1), which <c>kubectl auth whoami</c> creates: the answer names the
/// user the request authenticated as, with uid, groups and extra attributes, leaving out what is empty.
/// </summary>
internal static class SelfSubjectReviews
{
    public const string ApiVersion = "authentication.k8s.io/v1";

    public static JsonObject Answer(JsonObject request, UserInfo user)
    {
        var info = new JsonObject { ["username"] = user.Name };
        if (user.Uid.Length > 0)
        {
            info["uid"] = user.Uid;
        }

        if (user.Groups.Count > 0)
        {
            info["groups"] = new JsonArray([.. user.Groups.Select(g => (JsonNode)g)]);
        }

        if (user.Extra.Count > 0)
        {
            var extra = new JsonObject();
            foreach (var (key, values) in user.Extra)
            {
                extra[key] = new JsonArray([.. values.Select(v => (JsonNode)v)]);
            }

            info["extra"] = extra;
        }

        request.Remove("spec");
        request["status"] = new JsonObject { ["userInfo"] = info };
        return request;
    }
}
