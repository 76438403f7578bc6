using Lodestone.Cli;

// `lodestone` with no command (or only host options, as WebApplicationFactory passes) serves the app.
return await LodestoneCommandLine.Create().Parse(args).InvokeAsync();

// Visible to WebApplicationFactory<Program> in the tests.
public partial class Program;
