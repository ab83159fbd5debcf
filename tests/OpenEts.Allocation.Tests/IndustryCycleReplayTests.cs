// Power and steel in the same 2024 year on a real SQLite journal: reports filed, verified and made final
// through MRV's commands, power allocated per unit and steel grandfathered, obligations, surrenders and the
// close through the engine. Reopening the journal replays every entry to the same state hash (the sector of
// each plan comes back from its event), and so does a restart from a snapshot.
using OpenEts.Allocation.Compliance;
using OpenEts.Allocation.Cycle;
using OpenEts.Allocation.Plans;
using OpenEts.Core;
using OpenEts.Journal;
using OpenEts.Mrv.Reporting;
using OpenEts.Registry;
using static OpenEts.Allocation.Tests.IndustrySectorTests;

namespace OpenEts.Allocation.Tests;

public sealed class IndustryCycleReplayTests
{
    [Fact]
    public async Task Power_and_steel_settle_2024_on_SQLite_and_a_replay_gives_the_same_state()
    {
        var db = Path.Combine(Path.GetTempPath(), $"openets-industry-{Guid.NewGuid():N}.db");
        try
        {
            var n = 0;
            async Task<Outcome> Submit(Engine engine, string actor, Command command, DateTimeOffset time) =>
                await engine.SubmitAsync(new CommandEnvelope($"c{++n}", actor, time, command));
            async Task Must(Engine engine, string actor, Command command, DateTimeOffset time)
            {
                var outcome = await Submit(engine, actor, command, time);
                Assert.True(outcome.Accepted, $"{command.GetType().Name}: {outcome.Rejection}");
            }
            const string Regulator = MarketSetup.Regulator;
            string hash;
            await using (var engine = Engine.Open(JournalFactory.Open(db), CycleMarket.Catalog()))
            {
                foreach (var step in MarketSetup.National())
                    await Must(engine, step.Actor, step.Command, During2025);
                await Must(engine, Regulator, new GrantRole("vera", Role.Verifier), During2025);
                foreach (var (entity, sector, reported) in new[] { ("huaneng", "power", 2_600_000L), ("baowu", "steel", 5_000_000L) })
                {
                    await Must(engine, Regulator, new GrantRole(entity, Role.CoveredEntity), During2025);
                    await Must(engine, MarketSetup.RegistryOperator, new OpenAccount(entity, "cn", entity, AccountKind.CoveredEntity), During2025);
                    await Must(engine, Regulator, new RegisterFacility($"{entity}-F1", entity, sector, "Hebei"), During2025);
                    await Must(engine, entity, new SubmitAnnualReport($"{entity}-F1", 2024, reported, []), During2025);
                    await Must(engine, Regulator, new AssignVerifier($"{entity}-F1", 2024, "vera"), During2025);
                    await Must(engine, "vera", new RecordVerification($"{entity}-F1", 2024, [], "Verified without adjustment."), During2025);
                }
                await Must(engine, Regulator, new OpenComplianceYear(2024, "cn-power-2024"), During2025);
                await Must(engine, Regulator, new OpenComplianceYear(2024, "cn-steel-2024"), During2025);
                await Must(engine, Regulator, new RegisterEntity("huaneng", "power", "Hebei", Fuel.Coal), During2025);
                await Must(engine, Regulator, new RegisterEntity("baowu", "steel", "Hebei", Fuel.Coal), During2025);
                await Must(engine, Regulator, new IssueAllocation("huaneng", 2024, "U1", 2_500_000), During2025);
                // Steel's allocation waits for its verified emissions to be final.
                Assert.Equal("emissions_not_final", (await Submit(engine, Regulator, new IssueVerifiedEmissionsAllocation("baowu", 2024), During2025)).Rejection?.Code);
                foreach (var entity in new[] { "huaneng", "baowu" })
                    await Must(engine, Regulator, new FinalizeReport($"{entity}-F1", 2024), During2025);
                await Must(engine, Regulator, new IssueVerifiedEmissionsAllocation("baowu", 2024), During2025);
                foreach (var entity in new[] { "huaneng", "baowu" })
                    await Must(engine, Regulator, new SetObligation(entity, 2024), During2025);
                // baowu sells 100,000 t to huaneng; each surrenders what it holds, up to its obligation.
                await Must(engine, "baowu", new Transfer("baowu", "huaneng", "CEA24", 100_000), During2025);
                await Must(engine, "huaneng", new SurrenderForYear("huaneng", 2024, "CEA24", 2_600_000), During2025);
                await Must(engine, "baowu", new SurrenderForYear("baowu", 2024, "CEA24", 4_900_000), During2025);
                await Must(engine, Regulator, new CloseComplianceYear(2024, 60_00), After2024Deadline);
                var (power, steel) = await engine.QueryAsync(w =>
                {
                    var s = w.Get<CycleState>();
                    return (s.Obligations[(2024, "huaneng")].Result!, s.Obligations[(2024, "baowu")].Result!);
                });
                Assert.Equal((2_600_000L, 0L, ComplianceStatus.Compliant), (power.ObligationT, power.ShortfallT, power.Status));
                Assert.Equal((5_000_000L, 100_000L, ComplianceStatus.Partly), (steel.ObligationT, steel.ShortfallT, steel.Status));
                hash = await engine.QueryAsync(w => w.StateHash());
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), CycleMarket.Catalog()))
            {
                Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
                var sectors = await engine.QueryAsync(w => w.Get<CycleState>().Years[2024].AllPlans().Select(p => (p.Sector, p.PlanId)).ToArray());
                Assert.Equal([("power", "cn-power-2024"), ("steel", "cn-steel-2024")], sectors);
                await engine.SnapshotAsync();
            }
            await using (var engine = Engine.Open(JournalFactory.Open(db), CycleMarket.Catalog()))
            {
                Assert.Equal(hash, await engine.QueryAsync(w => w.StateHash()));
                Assert.Equal(100_000L, await engine.QueryAsync(w => w.Get<CycleState>().Entities["baowu"].PendingDeductionT));
            }
        }
        finally
        {
            foreach (var suffix in new[] { "", "-wal", "-shm", "-lock" })
                File.Delete(db + suffix);
        }
    }
}
