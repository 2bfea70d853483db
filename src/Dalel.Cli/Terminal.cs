using System.Text;
using Dalel.Core;
using Dalel.Core.Text;

namespace Dalel.Cli;

/// <summary>Prompts, progress and the one-line error every failing command ends with.</summary>
internal static class Terminal
{
    /// <summary>Reads a secret from an environment variable, else from the terminal without echo, else from a line of standard input.</summary>
    public static string Secret(string environmentVariable, string prompt, bool confirm = false)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(environmentVariable);
        if (!string.IsNullOrEmpty(fromEnvironment))
        {
            return fromEnvironment;
        }

        var first = ReadHidden(prompt);
        if (confirm && ReadHidden("Again: ") != first)
        {
            throw new CliFailure(Texts.Get("error.passphrases_differ", "en"));
        }

        return first;
    }

    private static string ReadHidden(string prompt)
    {
        Console.Error.Write(prompt);
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine() ?? throw new CliFailure("No input: set the environment variable or type it at the prompt.");
        }

        var text = new StringBuilder();
        while (true)
        {
            var key = Console.ReadKey(intercept: true);
            if (key.Key == ConsoleKey.Enter)
            {
                break;
            }

            if (key.Key == ConsoleKey.Backspace)
            {
                if (text.Length > 0)
                {
                    text.Length--;
                }
            }
            else if (!char.IsControl(key.KeyChar))
            {
                text.Append(key.KeyChar);
            }
        }

        Console.Error.WriteLine();
        return text.ToString();
    }

    public static Action<int> Progress(string what) => count =>
    {
        if (!Console.IsErrorRedirected)
        {
            Console.Error.Write($"\r{what}: {count}   ");
        }
        else if (count % 10_000 == 0)
        {
            Console.Error.WriteLine($"{what}: {count}");
        }
    };

    public static void EndProgress()
    {
        if (!Console.IsErrorRedirected)
        {
            Console.Error.WriteLine();
        }
    }

    public static T Ok<T>(Result<T> result) =>
        result.IsOk ? result.Value : throw new CliFailure(Texts.Describe(result.Error!, "en"), result.Error as Invalid);
}

/// <summary>An expected failure of a command: printed as one line (plus field details), exit code 1.</summary>
internal sealed class CliFailure(string message, Invalid? details = null) : Exception(message)
{
    public Invalid? Details { get; } = details;
}
