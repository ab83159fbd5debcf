// openets compliance true-up --year Y --entity E --output N: trues up an industrial entity's allocation under an
// intensity plan once its output is verified (allocation.true_up on --db). One command id per entity-year, so a
// rerun changes nothing. Under the bundled 2025 plans the benchmark is not published and the run ends with
// benchmark_not_published; a plan file that states the benchmark (compliance run --plan FILE.json) makes it work.
using System.ComponentModel;
using OpenEts.Allocation.Cycle;
using OpenEts.Core;
using OpenEts.Registry;
using Spectre.Console;
using Spectre.Console.Cli;

namespace OpenEts.Cli;

/// <summary>openets compliance true-up --year Y --entity E --output N</summary>
public sealed class ComplianceTrueUpCommand : AsyncCommand<ComplianceTrueUpCommand.Settings>
{
    /// <summary>Options of compliance true-up.</summary>
    public sealed class Settings : CommandSettings
    {
        /// <summary>The compliance year.</summary>
        [CommandOption("--year <YEAR>")]
        [Description("Compliance year (2025 for the bundled industrial intensity plans).")]
        public int? Year { get; init; }

        /// <summary>The entity.</summary>
        [CommandOption("--entity <ENTITY>")]
        [Description("The covered entity (its cycle registration id).")]
        public string? Entity { get; init; }

        /// <summary>Verified output, in the benchmark's unit.</summary>
        [CommandOption("--output <N>")]
        [Description("Verified output of the year in the benchmark's unit (t of crude steel, clinker or primary aluminium).")]
        public long? Output { get; init; }

        /// <summary>The acting identity.</summary>
        [CommandOption("--as <IDENTITY>")]
        [Description("Acting identity (a regulator; default regulator).")]
        public string? Actor { get; init; }
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        var year = s.Year ?? throw CliException.BadInput("--year is required.");
        var entity = string.IsNullOrWhiteSpace(s.Entity) ? throw CliException.BadInput("--entity is required.") : s.Entity;
        var output = s.Output ?? throw CliException.BadInput("--output is required.");
        await using var engine = MarketHost.Open();
        var outcome = await MarketHost.Run(engine, s.Actor ?? MarketSetup.Regulator, new TrueUpAllocation(entity, year, output), $"allocation:{year}:{entity}:{SectorAllocation.TrueUpLine}");
        var e = outcome.Events.OfType<AllocationTrueUpDone>().Single();
        var status = outcome.Replayed ? "already_trued_up" : "trued_up";
        if (GlobalOptions.Current.Json)
        {
            JsonOut.Write(new
            {
                entity = e.Entity,
                year = e.Year,
                plan = e.PlanId,
                verified_output = e.VerifiedOutput,
                benchmark_t_per_unit = e.BenchmarkTPerUnit,
                final_allocation_t = e.FinalAllocationT,
                allocated_before_t = e.AllocatedBeforeT,
                difference_t = e.DifferenceT,
                status,
            });
            return ExitCodes.Ok;
        }
        AnsiConsole.WriteLine($"{e.Entity} {e.Year} ({e.PlanId}): {e.VerifiedOutput:N0} × {e.BenchmarkTPerUnit} = {e.FinalAllocationT:N0} t; allocated before {e.AllocatedBeforeT:N0} t; {(e.DifferenceT >= 0 ? "issued" : "cancelled")} {Math.Abs(e.DifferenceT):N0} t ({status}).");
        return ExitCodes.Ok;
    }
}
