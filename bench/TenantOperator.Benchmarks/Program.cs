using BenchmarkDotNet.Running;

namespace TenantOperator.Benchmarks;

/// <summary>Entry point: <c>dotnet run -c Release --project bench/TenantOperator.Benchmarks -- --filter '*'</c>.</summary>
public static class Program
{
    public static void Main(string[] args) => BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
}
