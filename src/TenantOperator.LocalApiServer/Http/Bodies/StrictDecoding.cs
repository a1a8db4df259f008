using TenantOperator.LocalApiServer.Objects;

namespace TenantOperator.LocalApiServer.Http.Bodies;

/// <summary>
/// What kube-apiserver's create and update handlers do with strict decoding errors (duplicate fields):
/// <c>fieldValidation=Strict</c> fails the request with a 400, <c>Warn</c> (the default) turns each into
/// a warning header, <c>Ignore</c> drops them.
/// </summary>
internal static class StrictDecoding
{
    public static IReadOnlyList<string> Apply(IReadOnlyList<string> strictErrors, FieldValidationDirective directive) =>
        strictErrors.Count == 0 ? []
        : directive switch
        {
            FieldValidationDirective.Strict => throw ApiErrors.BadRequest($"strict decoding error: {string.Join(", ", strictErrors)}"),
            FieldValidationDirective.Warn => strictErrors,
            _ => [],
        };
}
