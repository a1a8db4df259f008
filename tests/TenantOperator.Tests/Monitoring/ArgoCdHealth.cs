namespace TenantOperator.Tests.Monitoring;

/// <summary>Runs config/argocd/health.lua in Debian's lua5.1 as Argo CD runs it: the object in the global <c>obj</c>, the result in the returned table.</summary>
internal static class ArgoCdHealth
{
    public static readonly string ScriptPath = RepositoryPaths.Of("config", "argocd", "health.lua");

    /// <summary>The health script's verdict for the object given as a Lua table constructor.</summary>
    public static async Task<(string Status, string Message)> AssessAsync(string luaObject)
    {
        var work = Directory.CreateTempSubdirectory("argocd-health-");
        try
        {
            var harness = Path.Combine(work.FullName, "assess.lua");
            await File.WriteAllTextAsync(harness, $$"""
                obj = {{luaObject}}
                local hs = dofile({{LuaLiteral.FromJson(System.Text.Json.Nodes.JsonValue.Create(ScriptPath))}})
                io.write(tostring(hs.status), "\n", tostring(hs.message), "\n")
                """);
            var run = await ExternalTool.RunAsync("lua5.1", "lua5.1", work.FullName, harness);
            Assert.True(run.ExitCode == 0, run.ToString());
            var lines = run.Output.Split('\n');
            return (lines[0], lines[1]);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }
}
