using System.CommandLine;
using Dalel.Cli;

var root = Commands.Build();
try
{
    return root.Parse(args).Invoke();
}
catch (CliFailure failure)
{
    Console.Error.WriteLine($"dalel: {failure.Message}");
    foreach (var e in failure.Details?.Errors ?? [])
    {
        Console.Error.WriteLine($"  {e.Field}: {Dalel.Core.Text.Texts.Describe(e, "en")}");
    }

    return 1;
}
