using System.Globalization;
using System.Text.Json.Nodes;
using TenantOperator.LocalApiServer.Http;
using TenantOperator.LocalApiServer.JsonPath;

namespace TenantOperator.LocalApiServer.Schema;

/// <summary>
/// Validates a value against a schema node as kube-apiserver validates custom resources (kube-openapi's
/// validator, its results turned into field errors the way apiextensions-apiserver turns them): per node the
/// type, then allOf/anyOf/oneOf/not, string lengths and pattern, format, numeric bounds, array items and sizes,
/// enum, then object properties and required fields. On update, a node whose value is unchanged from the old
/// object (correlated by field name, map-list keys or set identity) is not re-validated — Kubernetes' validation
/// ratcheting, so that a stored object stays updatable after its CRD's schema was tightened.
/// </summary>
internal static class OpenApiValidator
{
    private const string In = "body";

    public static void Validate(JsonNode? value, JsonNode? oldValue, bool hasOld, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (hasOld && GoValues.DeepEquals(value, oldValue))
        {
            return;
        }
        ValidateNode(value, oldValue, hasOld, schema, path, errors);
    }

    private static void ValidateNode(JsonNode? value, JsonNode? oldValue, bool hasOld, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var kind = GoValues.KindOf(value);
        if (kind == GoKind.Null)
        {
            ValidateType(value, kind, schema, path, errors);
            ValidateEnum(value, schema, path, errors);
            return;
        }
        ValidateType(value, kind, schema, path, errors);
        ValidateCombinators(value, schema, path, errors);
        if (kind == GoKind.String)
        {
            ValidateString(value!.GetValue<string>(), schema, path, errors);
            ValidateFormat(value.GetValue<string>(), schema, path, errors);
        }
        if (kind is GoKind.Int or GoKind.Float)
        {
            ValidateNumber(value, kind, schema, path, errors);
        }
        if (kind == GoKind.Slice)
        {
            ValidateArray((JsonArray)value!, oldValue as JsonArray, hasOld, schema, path, errors);
        }
        ValidateEnum(value, schema, path, errors);
        if (kind == GoKind.Map)
        {
            ValidateObject((JsonObject)value!, oldValue as JsonObject, hasOld, schema, path, errors);
        }
    }

    private static void ValidateType(JsonNode? value, GoKind kind, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var types = schema.Types;
        if (types.Count == 0 && schema.CheckedFormat.Length == 0)
        {
            return;
        }
        var expected = string.Join(",", types);
        if (kind == GoKind.Null)
        {
            if (types.Count > 0 && !schema.Nullable)
            {
                errors.Add(TypeError(path, expected, "null"));
            }
            return;
        }
        var (actualType, actualFormat) = kind switch
        {
            GoKind.Bool => ("boolean", ""),
            GoKind.String => ("string", ""),
            GoKind.Int => ("integer", "int64"),
            GoKind.Float => ("number", "float64"),
            GoKind.Slice => ("array", ""),
            _ => ("object", ""),
        };
        var isFloatInt = actualType == "number" && IsJsonInteger(GoValues.GetDouble(value)) && types.Contains("integer");
        var isIntFloat = actualType == "integer" && types.Contains("number");
        if (kind is not (GoKind.String or GoKind.Slice) && schema.CheckedFormat.Length > 0
            && !(types.Contains(actualType) || actualFormat == schema.Format || isFloatInt || isIntFloat))
        {
            errors.Add(TypeError(path, schema.Format, actualFormat));
            return;
        }
        if (!types.Contains("number") && !types.Contains("integer") && schema.CheckedFormat.Length > 0 && kind is GoKind.String or GoKind.Slice)
        {
            return;
        }
        if (!(types.Contains(actualType) || isFloatInt || isIntFloat))
        {
            errors.Add(TypeError(path, expected, actualType));
        }
    }

    private static StatusCause TypeError(string path, string expected, string actual) =>
        FieldErrors.TypeInvalid(Field(path), actual, $"{path} in {In} must be of type {expected}: {GoText.Quote(actual)}");

    private static void ValidateCombinators(JsonNode? value, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (schema.AnyOf.Count > 0)
        {
            List<StatusCause>? best = null;
            var matched = false;
            foreach (var alternative in schema.AnyOf)
            {
                var result = new List<StatusCause>();
                ValidateNode(value, null, false, alternative, path, result);
                if (result.Count == 0)
                {
                    matched = true;
                    break;
                }
                if (best is null || result.Count < best.Count)
                {
                    best = result;
                }
            }
            if (!matched)
            {
                errors.Add(FieldErrors.Invalid(FieldErrors.NoField, "", $"{GoText.Quote(path)} must validate at least one schema (anyOf)"));
                errors.AddRange(best ?? []);
            }
        }
        if (schema.OneOf.Count > 0)
        {
            var validated = 0;
            List<StatusCause>? best = null;
            foreach (var alternative in schema.OneOf)
            {
                var result = new List<StatusCause>();
                ValidateNode(value, null, false, alternative, path, result);
                if (result.Count == 0)
                {
                    validated++;
                }
                else if (validated == 0 && (best is null || result.Count < best.Count))
                {
                    best = result;
                }
            }
            if (validated != 1)
            {
                var detail = validated == 0 ? "Found none valid" : $"Found {validated} valid alternatives";
                errors.Add(FieldErrors.Invalid(FieldErrors.NoField, "", $"{GoText.Quote(path)} must validate one and only one schema (oneOf). {detail}"));
                if (validated == 0)
                {
                    errors.AddRange(best ?? []);
                }
            }
        }
        if (schema.AllOf.Count > 0)
        {
            var validated = 0;
            foreach (var part in schema.AllOf)
            {
                var result = new List<StatusCause>();
                ValidateNode(value, null, false, part, path, result);
                validated += result.Count == 0 ? 1 : 0;
                errors.AddRange(result);
            }
            if (validated != schema.AllOf.Count)
            {
                var detail = validated == 0 ? ". None validated" : "";
                errors.Add(FieldErrors.Invalid(FieldErrors.NoField, "", $"{GoText.Quote(path)} must validate all the schemas (allOf){detail}"));
            }
        }
        if (schema.Not is not null)
        {
            var result = new List<StatusCause>();
            ValidateNode(value, null, false, schema.Not, path, result);
            if (result.Count == 0)
            {
                errors.Add(FieldErrors.Invalid(FieldErrors.NoField, "", $"{GoText.Quote(path)} must not validate the schema (not)"));
            }
        }
    }

    private static void ValidateString(string text, SchemaNode schema, string path, List<StatusCause> errors)
    {
        // Lengths count code points, as Go's utf8.RuneCount; the first failing check ends string validation.
        var length = text.EnumerateRunes().LongCount();
        if (schema.MaxLength is { } max && length > max)
        {
            errors.Add(FieldErrors.TooLong(Field(path), max));
            return;
        }
        if (schema.MinLength is { } min && length < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), text, $"{path} in {In} should be at least {min.ToString(CultureInfo.InvariantCulture)} chars long"));
            return;
        }
        if (schema.Pattern.Length > 0)
        {
            if (schema.PatternRegex is null)
            {
                GoRegex.TryCompile(schema.Pattern, out _, out var error);
                errors.Add(FieldErrors.Invalid(Field(path), text, $"{path} in {In} should match '{schema.Pattern}, but pattern is invalid: {error}'"));
            }
            else if (!schema.PatternRegex.IsMatch(text))
            {
                errors.Add(FieldErrors.Invalid(Field(path), text, $"{path} in {In} should match '{schema.Pattern}'"));
            }
        }
    }

    private static void ValidateFormat(string text, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (schema.CheckedFormat.Length > 0 && !StringFormats.IsValid(schema.CheckedFormat, text))
        {
            errors.Add(FieldErrors.TypeInvalid(Field(path), text, $"{path} in {In} must be of type {schema.Format}: {GoText.Quote(text)}"));
        }
    }

    private static void ValidateNumber(JsonNode? value, GoKind kind, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var isInt = kind == GoKind.Int;
        GoValues.TryGetInt64(value, out var integer);
        var number = GoValues.GetDouble(value);
        if (schema.MultipleOf is { } factor)
        {
            if (isInt)
            {
                var intFactor = (long)factor;
                if (intFactor <= 0)
                {
                    errors.Add(FieldErrors.Invalid(Field(path), JsonValue.Create(intFactor), $"factor MultipleOf declared for {path} must be positive: {intFactor.ToString(CultureInfo.InvariantCulture)}"));
                }
                else if (integer % intFactor != 0)
                {
                    errors.Add(FieldErrors.Invalid(Field(path), value, $"{path} in {In} should be a multiple of {intFactor.ToString(CultureInfo.InvariantCulture)}"));
                }
            }
            else if (factor <= 0)
            {
                errors.Add(FieldErrors.Invalid(Field(path), JsonValue.Create(factor), $"factor MultipleOf declared for {path} must be positive: {GoText.FormatFloat(factor)}"));
            }
            else
            {
                var multiple = factor < 1 ? 1 / factor * number : number / factor;
                if (!IsJsonInteger(multiple))
                {
                    errors.Add(FieldErrors.Invalid(Field(path), value, $"{path} in {In} should be a multiple of {GoText.FormatFloat(factor)}"));
                }
            }
        }
        if (schema.Minimum is { } minimum)
        {
            var fails = isInt
                ? (schema.ExclusiveMinimum ? integer <= (long)minimum : integer < (long)minimum)
                : (schema.ExclusiveMinimum ? number <= minimum : number < minimum);
            if (fails)
            {
                var bound = isInt ? ((long)minimum).ToString(CultureInfo.InvariantCulture) : GoText.FormatFloat(minimum);
                var relation = schema.ExclusiveMinimum ? "greater than" : "greater than or equal to";
                errors.Add(FieldErrors.Invalid(Field(path), value, $"{path} in {In} should be {relation} {bound}"));
            }
        }
        if (schema.Maximum is { } maximum)
        {
            var fails = isInt
                ? (schema.ExclusiveMaximum ? integer >= (long)maximum : integer > (long)maximum)
                : (schema.ExclusiveMaximum ? number >= maximum : number > maximum);
            if (fails)
            {
                var bound = isInt ? ((long)maximum).ToString(CultureInfo.InvariantCulture) : GoText.FormatFloat(maximum);
                var relation = schema.ExclusiveMaximum ? "less than" : "less than or equal to";
                errors.Add(FieldErrors.Invalid(Field(path), value, $"{path} in {In} should be {relation} {bound}"));
            }
        }
    }

    private static void ValidateArray(JsonArray items, JsonArray? oldItems, bool hasOld, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (schema.Items is { } itemSchema)
        {
            var correlation = hasOld && oldItems is not null ? ListCorrelation.For(schema, oldItems) : null;
            for (var i = 0; i < items.Count; i++)
            {
                var itemPath = path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]";
                if (correlation is not null && correlation.TryFind(items[i], out var oldItem))
                {
                    Validate(items[i], oldItem, true, itemSchema, itemPath, errors);
                }
                else
                {
                    ValidateNode(items[i], null, false, itemSchema, itemPath, errors);
                }
            }
        }
        if (schema.MinItems is { } min && items.Count < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), items.Count, $"{path} in {In} should have at least {min.ToString(CultureInfo.InvariantCulture)} items"));
        }
        if (schema.MaxItems is { } max && items.Count > max)
        {
            errors.Add(FieldErrors.TooMany(Field(path), items.Count, max));
        }
        if (schema.UniqueItems)
        {
            for (var i = 0; i < items.Count; i++)
            {
                for (var j = 0; j < i; j++)
                {
                    if (GoValues.DeepEquals(items[i], items[j]))
                    {
                        errors.Add(FieldErrors.Invalid(Field(path), "", $"{path} in {In} shouldn't contain duplicates"));
                        return;
                    }
                }
            }
        }
    }

    private static void ValidateEnum(JsonNode? value, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (schema.Enum is not { Count: > 0 } allowed)
        {
            return;
        }
        if (value is not null && allowed.Any(candidate => EnumMatches(value, candidate)))
        {
            return;
        }
        var supported = allowed.Select(v => GoValues.TryGetString(v, out var text) ? text : GoText.Marshal(v));
        errors.Add(FieldErrors.NotSupported(Field(path), value, supported));
    }

    // kube-openapi converts the value to the enum entry's Go type before comparing, so 1 matches 1.0.
    private static bool EnumMatches(JsonNode value, JsonNode? candidate)
    {
        var valueKind = GoValues.KindOf(value);
        var candidateKind = GoValues.KindOf(candidate);
        if (valueKind is GoKind.Int or GoKind.Float && candidateKind is GoKind.Int or GoKind.Float)
        {
            return candidateKind == GoKind.Int
                ? GoValues.TryGetInt64(candidate, out var c) && (long)GoValues.GetDouble(value) == c
                : GoValues.GetDouble(value).Equals(GoValues.GetDouble(candidate));
        }
        return GoValues.DeepEquals(value, candidate);
    }

    private static void ValidateObject(JsonObject obj, JsonObject? oldObj, bool hasOld, SchemaNode schema, string path, List<StatusCause> errors)
    {
        var count = obj.Count;
        if (schema.MinProperties is { } min && count < min)
        {
            errors.Add(FieldErrors.Invalid(Field(path), count, $"{path} in {In} should have at least {min.ToString(CultureInfo.InvariantCulture)} properties"));
        }
        if (schema.MaxProperties is { } max && count > max)
        {
            errors.Add(FieldErrors.TooMany(Field(path), count, max));
        }
        if (schema.AdditionalPropertiesForbidden)
        {
            foreach (var (key, _) in obj)
            {
                if (!schema.Properties.ContainsKey(key))
                {
                    errors.Add(FieldErrors.Invalid(Field(path), key, $"{path}.{key} in {In} is a forbidden property"));
                }
            }
        }
        else if (schema.AdditionalProperties is { } additional)
        {
            foreach (var (key, member) in obj)
            {
                if (!schema.Properties.ContainsKey(key))
                {
                    ValidateMember(member, oldObj, hasOld, key, additional, path + "." + key, errors);
                }
            }
        }
        foreach (var (name, property) in schema.PropertyList)
        {
            if (obj.TryGetPropertyValue(name, out var member))
            {
                ValidateMember(member, oldObj, hasOld, name, property, path.Length == 0 ? name : path + "." + name, errors);
            }
        }
        foreach (var required in schema.Required)
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add(FieldErrors.Required(Field(path + "." + required)));
            }
        }
    }

    private static void ValidateMember(JsonNode? member, JsonObject? oldObj, bool hasOld, string key, SchemaNode schema, string path, List<StatusCause> errors)
    {
        if (hasOld && oldObj is not null && oldObj.TryGetPropertyValue(key, out var oldMember))
        {
            Validate(member, oldMember, true, schema, path, errors);
        }
        else
        {
            ValidateNode(member, null, false, schema, path, errors);
        }
    }

    // kube-openapi names fields "spec.x"; apiextensions turns a leading "." (a required field at the root) into a plain name.
    private static string Field(string path) => path.Length == 0 ? FieldErrors.NoField : path.TrimStart('.');

    // swag.IsFloat64AJSONInteger: a finite value within ±2^53 that has no fractional part (within a tiny epsilon).
    private static bool IsJsonInteger(double value)
    {
        if (!double.IsFinite(value) || Math.Abs(value) > 9007199254740992d)
        {
            return false;
        }
        return Math.Abs(value - Math.Round(value)) < 1e-9 * Math.Max(1, Math.Abs(value));
    }
}
