using System.CommandLine;
using Threads.Cli;

var root = new RootCommand("threads: keep, browse and chat in conversation threads kept by a Threads silo.");
foreach (var option in CliConnection.GlobalOptions)
{
    root.Options.Add(option);
}

root.Subcommands.Add(ChatCommand.Create());
foreach (var command in ThreadCommands.Create())
{
    root.Subcommands.Add(command);
}

root.Subcommands.Add(SearchCommand.Create());
root.Subcommands.Add(FileCommands.Create());
root.Subcommands.Add(StateCommands.Create());
root.Subcommands.Add(TransferCommands.CreateExport());
root.Subcommands.Add(TransferCommands.CreateImport());
return await root.Parse(args).InvokeAsync();
