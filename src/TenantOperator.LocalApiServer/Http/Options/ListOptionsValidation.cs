using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Http.Options;

/// <summary>
/// kube-apiserver's ValidateListOptions (k8s.io/apimachinery/pkg/apis/meta/internalversion/validation),
/// with the WatchList feature on, as it is in Kubernetes 1.32.
/// </summary>
internal static class ListOptionsValidation
{
    private const string Exact = "Exact";
    private const string NotOlderThan = "NotOlderThan";

    public static IReadOnlyList<StatusCause> ForList(ListOptions options)
    {
        var errors = new List<StatusCause>();
        var match = options.ResourceVersionMatch;
        if (match.Length > 0)
        {
            if (options.ResourceVersion.Length == 0)
            {
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided"));
            }

            if (options.Continue.Length > 0)
            {
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }

            if (match is not (Exact or NotOlderThan))
            {
                errors.Add(FieldErrors.NotSupported("resourceVersionMatch", match, [Exact, NotOlderThan, ""]));
            }

            if (match == Exact && options.ResourceVersion == "0")
            {
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\""));
            }
        }

        if (options.SendInitialEvents is not null)
        {
            errors.Add(FieldErrors.Forbidden("sendInitialEvents", "sendInitialEvents is forbidden for list"));
        }

        return errors;
    }

    public static IReadOnlyList<StatusCause> ForWatch(ListOptions options)
    {
        var errors = new List<StatusCause>();
        var match = options.ResourceVersionMatch;
        if (options.SendInitialEvents is not null && match != NotOlderThan)
        {
            errors.Add(FieldErrors.Forbidden("resourceVersionMatch", $"sendInitialEvents requires setting resourceVersionMatch to {NotOlderThan}"));
        }

        if (match.Length > 0)
        {
            if (options.SendInitialEvents is null)
            {
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
            }

            if (match != NotOlderThan)
            {
                errors.Add(FieldErrors.NotSupported("resourceVersionMatch", match, [NotOlderThan]));
            }

            if (options.Continue.Length > 0)
            {
                errors.Add(FieldErrors.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden when continue is provided"));
            }
        }

        return errors;
    }
}
