// An option that takes a value but is given none ("--reason --at …", or "--holder" last on the line) is bad usage.
// The parser would otherwise bind a placeholder of its own as the value and run the command with it.
using System.Reflection;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>Refuses, before any command runs, an option that needs a value and was given none (exit 2, missing_option).</summary>
public sealed class OptionValues : ICommandInterceptor
{
    /// <inheritdoc />
    public void Intercept(CommandContext context, CommandSettings settings)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(settings);
        var options = settings.GetType().GetProperties()
            .Select(p => p.GetCustomAttribute<CommandOptionAttribute>())
            .OfType<CommandOptionAttribute>()
            .ToList();
        var names = options.SelectMany(Names).ToHashSet(StringComparer.Ordinal);
        var args = context.Arguments;
        foreach (var option in options.Where(o => o.ValueName is not null && !o.ValueIsOptional))
        {
            var own = Names(option).ToHashSet(StringComparer.Ordinal);
            for (var i = 0; i < args.Count; i++)
            {
                if (own.Contains(args[i]) && (i + 1 == args.Count || names.Contains(args[i + 1]) || args[i + 1].StartsWith("--", StringComparison.Ordinal)))
                    throw CliException.BadInput($"{args[i]} needs a value ({option.ValueName}); none was given.", "missing_option");
            }
        }
    }

    /// <inheritdoc />
    public void InterceptResult(CommandContext context, CommandSettings settings, ref int result)
    {
    }

    private static IEnumerable<string> Names(CommandOptionAttribute option) =>
        option.LongNames.Select(n => "--" + n).Concat(option.ShortNames.Select(n => "-" + n));
}
