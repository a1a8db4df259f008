using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using TenantOperator.LocalApiServer.Tables;

namespace TenantOperator.LocalApiServer.Tests.Tables;

public sealed class CustomResourceTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 10, 12, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);

    private static readonly JsonArray TenantColumns = JsonNode.Parse("""
        [
          {"name": "Mode", "type": "string", "jsonPath": ".spec.mode"},
          {"name": "Ready", "type": "string", "jsonPath": ".status.conditions[?(@.type==\"Ready\")].status"},
          {"name": "Namespaces", "type": "integer", "jsonPath": ".status.namespaceCount"},
          {"name": "Policies", "type": "integer", "jsonPath": ".status.policyCount", "priority": 1, "description": "Policies kept"},
          {"name": "Ratio", "type": "number", "jsonPath": ".status.ratio"},
          {"name": "Isolated", "type": "boolean", "jsonPath": ".status.isolated"},
          {"name": "Members", "type": "string", "jsonPath": ".status.namespaces"},
          {"name": "Synced", "type": "date", "jsonPath": ".status.lastSync"},
          {"name": "Age", "type": "date", "jsonPath": ".metadata.creationTimestamp"}
        ]
        """)!.AsArray();

    private static JsonObject Tenant(string name, string status) => JsonNode.Parse($$$"""
        {"apiVersion": "isolation.tenantoperator.io/v1alpha1", "kind": "TenantIsolation",
         "metadata": {"name": "{{{name}}}", "uid": "u-{{{name}}}", "resourceVersion": "7", "creationTimestamp": "2026-03-08T09:00:00Z"},
         "spec": {"mode": "Enforce"}, "status": {{{status}}}}
        """)!.AsObject();

    [Fact]
    public void ColumnDefinitions_StartWithName_ThenThePrinterColumns()
    {
        var table = TableConvertors.ForCustomResource(TenantColumns, _time).ToTable([], "42", null, TableIncludeObject.Metadata);
        Assert.Equal("Table", table["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", table["apiVersion"]!.GetValue<string>());
        Assert.Equal("42", table["metadata"]!["resourceVersion"]!.GetValue<string>());
        var columns = table["columnDefinitions"]!.AsArray();
        Assert.Equal(["Name", "Mode", "Ready", "Namespaces", "Policies", "Ratio", "Isolated", "Members", "Synced", "Age"],
            columns.Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""{"name":"Name","type":"string","format":"name","description":"Name must be unique within a namespace; it identifies the object.","priority":0}""", columns[0]!.ToJsonString());
        Assert.Equal("""{"name":"Mode","type":"string","format":"","description":"Custom resource definition column (in JSONPath format): .spec.mode","priority":0}""", columns[1]!.ToJsonString());
        Assert.Equal("""{"name":"Policies","type":"integer","format":"","description":"Policies kept","priority":1}""", columns[4]!.ToJsonString());
        Assert.Empty(table["rows"]!.AsArray());
    }

    [Fact]
    public void Cells_AreTypedByColumn_AndDatesBecomeAges()
    {
        var tenant = Tenant("team-a", """
            {"conditions": [{"type": "Isolated", "status": "False"}, {"type": "Ready", "status": "True"}],
             "namespaceCount": 3, "policyCount": 12.0, "ratio": 0.5, "isolated": true,
             "namespaces": ["a", "b"], "lastSync": "2026-03-10T11:55:00Z"}
            """);
        var table = TableConvertors.ForCustomResource(TenantColumns, _time).ToTable([tenant], "9", "next", TableIncludeObject.None);
        var row = Assert.Single(table["rows"]!.AsArray())!.AsObject();
        var cells = row["cells"]!.AsArray();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""["team-a","Enforce","True",3,12,0.5,true,"[\"a\",\"b\"]","5m","2d3h"]"""), cells), cells.ToJsonString());
        Assert.Equal("[\"a\",\"b\"]", cells[7]!.GetValue<string>());
        Assert.False(row.ContainsKey("object"));
        Assert.Equal("next", table["metadata"]!["continue"]!.GetValue<string>());
    }

    [Fact]
    public void MissingOrMistypedValues_GiveNullCells()
    {
        var tenant = Tenant("team-b", """{"namespaceCount": "three", "lastSync": "not a date", "isolated": "yes"}""");
        var table = TableConvertors.ForCustomResource(TenantColumns, _time).ToTable([tenant], null, null, TableIncludeObject.None);
        Assert.Equal("""["team-b","Enforce",null,null,null,null,null,null,"\u003Cinvalid\u003E","2d3h"]""",
            table["rows"]![0]!["cells"]!.ToJsonString());
        Assert.False(table["metadata"]!.AsObject().ContainsKey("resourceVersion"));
    }

    [Fact]
    public void WithoutPrinterColumns_ThereIsAnAgeColumn()
    {
        var table = TableConvertors.ForCustomResource(null, _time).ToTable([Tenant("t", "{}")], null, null, TableIncludeObject.None);
        Assert.Equal(["Name", "Age"], table["columnDefinitions"]!.AsArray().Select(c => c!["name"]!.GetValue<string>()));
        Assert.Equal("""["t","2d3h"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void StringColumn_ShowsOnlyTheFirstMatch()
    {
        var columns = JsonNode.Parse("""[{"name": "First", "type": "string", "jsonPath": ".status.namespaces[*]"}]""")!.AsArray();
        var table = TableConvertors.ForCustomResource(columns, _time).ToTable([Tenant("t", """{"namespaces": ["a", "b"]}""")], null, null, TableIncludeObject.None);
        Assert.Equal("""["t","a"]""", table["rows"]![0]!["cells"]!.ToJsonString());
    }

    [Fact]
    public void RowsCarryPartialObjectMetadata_OrTheObject()
    {
        var tenant = Tenant("team-a", "{}");
        var convertor = TableConvertors.ForCustomResource(TenantColumns, _time);
        var partial = convertor.ToTable([tenant], null, null, TableIncludeObject.Metadata)["rows"]![0]!["object"]!;
        Assert.Equal("PartialObjectMetadata", partial["kind"]!.GetValue<string>());
        Assert.Equal("meta.k8s.io/v1", partial["apiVersion"]!.GetValue<string>());
        Assert.Equal("u-team-a", partial["metadata"]!["uid"]!.GetValue<string>());
        Assert.Null(partial["spec"]);
        var full = convertor.ToTable([tenant], null, null, TableIncludeObject.Object)["rows"]![0]!["object"]!;
        Assert.Equal("Enforce", full["spec"]!["mode"]!.GetValue<string>());
    }

    [Fact]
    public void NoHeaders_KeepsRowsAndDropsColumnDefinitions()
    {
        var table = TableConvertors.OmitColumnDefinitions(TableConvertors.ForCustomResource(null, _time).ToTable([Tenant("t", "{}")], null, null, TableIncludeObject.None));
        Assert.True(table.ContainsKey("columnDefinitions"));
        Assert.Null(table["columnDefinitions"]);
        Assert.Single(table["rows"]!.AsArray());
    }

    [Fact]
    public void ColumnDefinitions_AreValidatedAsKubernetesDoes()
    {
        var columns = JsonNode.Parse("""
            [{"name": "", "type": "text", "jsonPath": "spec.x"}, {"name": "A", "type": "integer", "format": "weird", "jsonPath": ".spec.a"}, {"name": "B", "jsonPath": ""}]
            """)!.AsArray();
        var errors = TableConvertors.ValidateColumns(columns, "spec.versions[0].additionalPrinterColumns").Select(e => e.ToString()).ToList();
        Assert.Equal(
        [
            "spec.versions[0].additionalPrinterColumns[0].name: Required value",
            "spec.versions[0].additionalPrinterColumns[0].type: Invalid value: \"text\": must be one of boolean,date,integer,number,string",
            "spec.versions[0].additionalPrinterColumns[0].JSONPath: Invalid value: \"spec.x\": must be a simple json path starting with .",
            "spec.versions[0].additionalPrinterColumns[1].format: Invalid value: \"weird\": must be one of byte,date,date-time,double,float,int32,int64,password",
            "spec.versions[0].additionalPrinterColumns[2].type: Required value: must be one of boolean,date,integer,number,string",
            "spec.versions[0].additionalPrinterColumns[2].JSONPath: Required value",
        ], errors);
    }
}
