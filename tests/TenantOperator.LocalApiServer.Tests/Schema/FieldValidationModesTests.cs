using TenantOperator.LocalApiServer.Schema;

namespace TenantOperator.LocalApiServer.Tests.Schema;

public sealed class FieldValidationModesTests
{
    [Theory]
    [InlineData(null, FieldValidationMode.Warn)]
    [InlineData("", FieldValidationMode.Warn)]
    [InlineData("Warn", FieldValidationMode.Warn)]
    [InlineData("Ignore", FieldValidationMode.Ignore)]
    [InlineData("Strict", FieldValidationMode.Strict)]
    public void Parses_TheValuesKubernetesAccepts(string? value, FieldValidationMode expected)
    {
        Assert.True(FieldValidationModes.TryParse(value, out var mode));
        Assert.Equal(expected, mode);
    }

    [Fact]
    public void Rejects_OtherValues()
    {
        Assert.False(FieldValidationModes.TryParse("strict", out _));
        Assert.Equal("fieldValidation parameter unsupported: strict", FieldValidationModes.InvalidValueMessage("strict"));
    }

    [Fact]
    public void FormatsUnknownFields_AsTheApiserverDoes()
    {
        Assert.Equal("unknown field \"spec.foo\"", FieldValidationModes.UnknownFieldText("spec.foo"));
        Assert.Equal("strict decoding error: unknown field \"spec.a\", unknown field \"spec.b\"", FieldValidationModes.StrictDecodingMessage(["spec.a", "spec.b"]));
    }

    [Fact]
    public void FieldError_PrintsLikeKubectl()
    {
        Assert.Equal("spec.x: Required value", FieldErrors.Required("spec.x").ToString());
        Assert.Equal("spec.x: Too many: 5: must have at most 3 items", FieldErrors.TooMany("spec.x", 5, 3).ToString());
        Assert.Equal("spec.x: Forbidden: not allowed", FieldErrors.Forbidden("spec.x", "not allowed").ToString());
        Assert.Equal("spec.x: Invalid value: 5: too big", FieldErrors.Invalid("spec.x", 5, "too big").ToString());
        Assert.Equal("spec.x: Internal error: boom", FieldErrors.Internal("spec.x", "boom").ToString());
        Assert.Equal("FieldValueTooLong", FieldErrors.TooLong("spec.x", 3).Reason);
    }
}
