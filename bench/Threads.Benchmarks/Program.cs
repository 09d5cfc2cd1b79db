using BenchmarkDotNet.Running;
using Threads.Benchmarks.Load;

if (args is ["load", .. var loadArgs])
{
    return await LoadDriver.RunAsync(loadArgs);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
