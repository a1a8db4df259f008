using System.Text;
using TenantOperator.Manifests;

namespace TenantOperator.Tests.Manifests;

/// <summary>Every bound of the input policy is a located error, reached before the input can cost more.</summary>
public class InputLimitsTests
{
    [Fact]
    public void AnInputOverTheByteLimit_IsRefusedWithTheLimit()
    {
        var problem = Read.Problem(new string('#', 101), new InputLimits { MaxBytes = 100 });

        Assert.Equal("t.yaml: more than 100 bytes: the manifests one command reads are limited to 100 bytes", problem);
    }

    [Fact]
    public void InputsOverTheByteLimitTogether_AreRefusedAtTheOneThatCrossesIt()
    {
        var directory = Directory.CreateTempSubdirectory("input-limits-");
        try
        {
            File.WriteAllText(Path.Combine(directory.FullName, "a.yaml"), "kind: A\n" + new string('#', 60));
            File.WriteAllText(Path.Combine(directory.FullName, "b.yaml"), "kind: B\n" + new string('#', 60));
            File.WriteAllText(Path.Combine(directory.FullName, "c.yaml"), "kind: C\n");

            var (documents, problems) = ManifestReader.Read([directory.FullName], new InputLimits { MaxBytes = 100 });

            Assert.Equal(["A"], documents.Select(d => d.Kind));
            Assert.Equal([$"{Path.Combine(directory.FullName, "b.yaml")}: more than the 32 bytes left of the 100 bytes that the manifests of one command may have together"],
                problems.Select(p => p.ToString()));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public void TooManyObjects_AreRefusedAtTheFirstOneOverTheLimit()
    {
        var yaml = string.Join("---\n", Enumerable.Range(0, 4).Select(i => $"kind: K{i}\n"));

        var (documents, problems) = Read.Text(yaml, new InputLimits { MaxDocuments = 3 });

        Assert.Equal(3, documents.Count);
        Assert.Equal(["t.yaml: document 4: more than 3 objects in the inputs of one command"], problems);
    }

    [Fact]
    public void ListItems_CountAsObjects()
    {
        var (_, problems) = Read.Text("kind: List\nitems: [{kind: A}, {kind: B}, {kind: C}]\n", new InputLimits { MaxDocuments = 2 });

        Assert.Equal(["t.yaml: document 1: more than 2 objects in the inputs of one command"], problems);
    }

    [Theory]
    [InlineData("block", 4, "line 5, column 7: nesting deeper than 3 levels")]
    [InlineData("flow", 4, "line 1, column 6: nesting deeper than 3 levels")]
    [InlineData("json", 4, "line 1, column 22: nesting deeper than 3 levels")]
    [InlineData("block", 3, null)]
    [InlineData("flow", 3, null)]
    [InlineData("json", 3, null)]
    public void NestingDeeperThanTheLimit_IsALocatedError(string style, int depth, string? expected)
    {
        var text = style switch
        {
            "block" => "kind: X\n" + string.Concat(Enumerable.Range(1, depth - 1).Select(i => new string(' ', 2 * (i - 1)) + "a:\n")) + new string(' ', 2 * (depth - 1)) + "b: c\n",
            "flow" => "a: " + new string('[', depth - 1) + new string(']', depth - 1) + "\nkind: X\n",
            _ => "{\"kind\": \"X\", \"a\": " + new string('[', depth - 1) + new string(']', depth - 1) + "}",
        };

        var (_, problems) = Read.Text(text, new InputLimits { MaxDepth = 3 });

        if (expected is null)
        {
            Assert.Empty(problems);
        }
        else
        {
            Assert.Equal($"t.yaml: document 1: {expected}", Assert.Single(problems));
        }
    }

    [Fact]
    public void AnAliasThatWouldNestTooDeep_IsALocatedError()
    {
        var problem = Read.Problem("kind: X\na: &a [[1]]\nb: [*a]\n", new InputLimits { MaxDepth = 3 });

        Assert.Equal("t.yaml: document 1: line 3, column 5: nesting deeper than 3 levels (through alias *a)", problem);
    }

    [Fact]
    public void AnAliasBomb_IsRefusedBeforeItExpands()
    {
        var yaml = new StringBuilder("kind: X\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        var previous = "a";
        foreach (var name in "bcdefghi")
        {
            yaml.Append($"{name}: &{name} [{string.Join(",", Enumerable.Repeat("*" + previous, 9))}]\n");
            previous = name.ToString();
        }

        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        var problem = Read.Problem(yaml.ToString());
        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;

        Assert.Equal("t.yaml: document 1: line 7, column 8: excessive aliasing: aliases expand to more than 100000 values in this document (a \"billion laughs\" document?)", problem);
        Assert.True(allocated < 64 * 1024 * 1024, $"reading the bomb allocated {allocated} bytes"); // a billion values would take gigabytes
    }

    [Fact]
    public void TooManyValues_AreRefusedAtTheFirstOneOverTheLimit()
    {
        var problem = Read.Problem("kind: X\nv: [1, 2, 3, 4, 5]\n", new InputLimits { MaxNodes = 6 });

        Assert.Equal("t.yaml: document 1: line 2, column 8: more than 6 values in the inputs of one command", problem);
    }

    [Fact]
    public void AfterALimitOnAllInputsIsReached_NothingMoreIsRead()
    {
        var (documents, problems) = Read.Text("kind: A\n---\nkind: B\nv: [1, 2, 3]\n---\nkind: C\n---\nkind: D\n", new InputLimits { MaxNodes = 7 });

        Assert.Equal(["A"], documents.Select(d => d.Kind));
        Assert.Single(problems);
    }
}
