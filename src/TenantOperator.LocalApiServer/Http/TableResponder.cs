using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using TenantOperator.LocalApiServer.Objects;
using TenantOperator.LocalApiServer.Resources;
using TenantOperator.LocalApiServer.Storage;
using TenantOperator.LocalApiServer.Tables;
using TenantOperator.LocalApiServer.Watch;

namespace TenantOperator.LocalApiServer.Http;

/// <summary>
/// Answers <c>as=Table</c> requests through the Table convertors (Tables/): built-ins get kubectl's columns,
/// custom resources their CRD's additionalPrinterColumns. Watches get one single-row Table per event.
/// </summary>
internal sealed class TableResponder(TimeProvider time) : ITableResponder
{
    public Task WriteTableAsync(HttpContext context, ResourceDefinition resource, IReadOnlyList<JsonObject> objects, long? resourceVersion, string? continueToken)
    {
        var table = Convertor(resource).ToTable(
            objects,
            resourceVersion?.ToString(CultureInfo.InvariantCulture),
            continueToken,
            IncludeObject(context.Request));
        return ApiResponses.WriteJsonAsync(context, 200, table);
    }

    public IWatchEventEncoder WatchEncoder(HttpContext context, ResourceDefinition resource) =>
        new TableEventEncoder(resource, Convertor(resource), IncludeObject(context.Request));

    private ITableConvertor Convertor(ResourceDefinition resource) => resource.IsCustom
        ? TableConvertors.ForCustomResource(resource.PrinterColumns, time)
        : TableConvertors.ForBuiltIn(resource.Group, resource.Resource, time);

    private static TableIncludeObject IncludeObject(HttpRequest request) => request.Query["includeObject"].ToString() switch
    {
        "None" => TableIncludeObject.None,
        "Object" => TableIncludeObject.Object,
        "" or "Metadata" => TableIncludeObject.Metadata,
        var other => throw ApiErrors.BadRequest($"includeObject: Unsupported value: \"{other}\": supported values: \"None\", \"Metadata\", \"Object\""),
    };

    private sealed class TableEventEncoder(ResourceDefinition resource, ITableConvertor convertor, TableIncludeObject include) : IWatchEventEncoder
    {
        public void WriteObject(Utf8JsonWriter writer, StoredObject obj) =>
            convertor.ToTable([ObjectService.ToView(resource, obj)], obj.ResourceVersion.ToString(CultureInfo.InvariantCulture), null, include).WriteTo(writer);
    }
}
