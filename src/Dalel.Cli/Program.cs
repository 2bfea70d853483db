using System.CommandLine;
using Dalel.Cli;

var root = Commands.Build();
try
{
    // Our own handler below prints expected failures as one line; the default one would print a stack trace.
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
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
