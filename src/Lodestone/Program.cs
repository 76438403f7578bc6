using System.CommandLine;
using Lodestone.Cli;

// `lodestone` with no command (or only host options, as WebApplicationFactory passes) serves the app.
try
{
    return await LodestoneCommandLine.Create().Parse(args).InvokeAsync(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is not HostAbortedException and not OperationCanceledException)
{
    // People see what went wrong, not a stack trace; the server's own errors go to its log.
    Console.Error.WriteLine($"lodestone: {e.Message}");
    return 1;
}

// Visible to WebApplicationFactory<Program> in the tests.
public partial class Program;
