// BenchmarkDotNet entry point: dotnet run -c Release --project bench/OpenEts.Benchmarks -- --filter '*'
using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
