// Every option's description is shown by --help as Spectre markup: square brackets in it must be doubled, or the help
// of that command throws instead of printing.
using System.ComponentModel;
using System.Reflection;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli.Tests;

public sealed class HelpTextTests
{
    [Fact]
    public void Every_option_description_is_valid_markup()
    {
        var settings = typeof(GlobalOptions).Assembly.GetTypes().Where(t => typeof(CommandSettings).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        Assert.True(settings.Count > 40, $"only {settings.Count} settings types found");
        var bad = new List<string>();
        foreach (var type in settings)
        {
            foreach (var property in type.GetProperties())
            {
                if (property.GetCustomAttribute<DescriptionAttribute>() is not { } d)
                    continue;
                try
                {
                    _ = new Markup(d.Description);
                }
                catch (InvalidOperationException ex)
                {
                    bad.Add($"{type.Name}.{property.Name}: {ex.Message}");
                }
            }
        }
        Assert.True(bad.Count == 0, string.Join("\n", bad));
    }

    [Fact]
    public void The_help_of_mrv_verify_prints()
    {
        var r = CliRunner.Run(["mrv", "verify", "--help"]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("delta_tco2e", r.Stdout, StringComparison.Ordinal);
    }
}
