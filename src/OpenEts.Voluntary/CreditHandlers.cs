// Moving and spending credits through the registry's own commands (its checks, then its events):
// transfer, retirement (beneficiary, purpose, public record), surrender as offsets within the cap,
// cancellation. The registry holds the serials; a retired, cancelled or surrendered serial sits in a
// final account and never moves again. This module adds the public record and the offset cap.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Credits;
using OpenEts.Voluntary.Projects;
using OpenEts.Voluntary.Registries;
using OpenEts.Voluntary.Serials;

namespace OpenEts.Voluntary;

/// <summary>Decides the credit commands.</summary>
internal sealed class CreditHandlers(CcerRules rules)
{
    public Rejection? Transfer(DecisionContext ctx, TransferCredits c)
    {
        if (CreditClass(ctx, c.ProjectId, c.Vintage, out var classId) is { } unknown)
            return unknown;
        if (IsBuffer(ctx, c.From) || IsBuffer(ctx, c.To))
            return new Rejection("reserved_account", "Buffer credits enter the reserve account only at issuance and leave it only by cancellation.");
        return ctx.Run(new Transfer(c.From, c.To, classId, c.QuantityT));
    }

    public Rejection? Retire(DecisionContext ctx, RetireCredits c)
    {
        var bad = Checks.First(Checks.Text("beneficiary", c.Beneficiary), Checks.Text("purpose", c.Purpose));
        return bad ?? Use(ctx, c.RetirementId, CreditUseKind.Retirement, c.Account, c.ProjectId, c.Vintage, c.QuantityT, c.Beneficiary, c.Purpose, null,
            classId => new Retire(c.Account, classId, c.QuantityT, c.Beneficiary, c.Purpose));
    }

    public Rejection? Surrender(DecisionContext ctx, SurrenderCredits c)
    {
        // Where a compliance cycle runs, offsets are surrendered through it, under the cap of the entity's real obligation.
        if (ctx.World.Catalog.Runs(RegistryModule.CycleSurrender))
            return new Rejection("surrender_through_cycle",
                "CCER used as offsets are surrendered through compliance.surrender (POST /api/compliance/{year}/surrenders), which caps them at the share of the entity's obligation the rules allow and counts them against it.");
        if (c.AllowancesDueT < 0)
            return new Rejection("bad_quantity", "Allowances due cannot be negative.");
        var state = ctx.World.Get<VoluntaryState>();
        var cap = (long)decimal.Floor(c.AllowancesDueT * rules.OffsetCapShare);
        var already = state.Uses.Where(u => u.Kind == CreditUseKind.Surrender && u.Account == c.Account && u.ComplianceYear == c.ComplianceYear).Sum(u => u.QuantityT);
        if (already + c.QuantityT > cap)
            return new Rejection("offset_cap_exceeded",
                $"Offsets may cover at most {rules.OffsetCapShare:P0} of the {c.AllowancesDueT} allowances due ({cap} t); {already} t already surrendered for {c.ComplianceYear}.");
        return Use(ctx, c.SurrenderId, CreditUseKind.Surrender, c.Account, c.ProjectId, c.Vintage, c.QuantityT, c.Account, $"compliance {c.ComplianceYear}", c.ComplianceYear,
            classId => new Surrender(c.Account, classId, c.QuantityT, c.ComplianceYear));
    }

    public Rejection? Cancel(DecisionContext ctx, CancelCredits c) =>
        Checks.Text("reason", c.Reason) ?? Use(ctx, c.CancellationId, CreditUseKind.Cancellation, c.Account, c.ProjectId, c.Vintage, c.QuantityT, "", c.Reason, null,
            classId => new Cancel(c.Account, classId, c.QuantityT, c.Reason));

    // Checks the record, runs the registry's command (which checks the holder, the quantity and every
    // account rule), then records the serials the registry moved.
    private Rejection? Use(DecisionContext ctx, string id, CreditUseKind kind, string account, string projectId, int vintage, long quantity,
        string beneficiary, string purpose, int? complianceYear, Func<string, Command> registryCommand)
    {
        var state = ctx.World.Get<VoluntaryState>();
        if (Checks.Id("record", id) is { } bad)
            return bad;
        if (CreditUse.IsReservedId(id))
            return new Rejection("bad_id", $"Record ids beginning '{CreditUse.CyclePrefix}' or '{CreditUse.RegistryPrefix}' are the public record's own.");
        if (state.Uses.Any(u => u.UseId == id))
            return new Rejection("record_exists", $"A retirement, surrender or cancellation {id} already exists.");
        if (CreditClass(ctx, projectId, vintage, out var classId) is { } unknown)
            return unknown;
        if (kind != CreditUseKind.Cancellation && IsBuffer(ctx, account))
            return new Rejection("reserved_account", "Buffer credits are only ever cancelled.");
        var before = ctx.Events.Count;
        if (ctx.Run(registryCommand(classId)) is { } refused)
            return refused;
        var moved = ctx.Events.Skip(before).OfType<UnitsTransferred>().Single();
        Invariant.Assert(moved.Serials is { Count: > 0 }, $"the registry moved credits of {classId} without serials");
        ctx.Emit(new CreditsUsed(new CreditUse(id, kind, account, projectId, vintage, moved.Serials!, quantity, beneficiary, purpose, rules.MarketDate(ctx.Time))
        {
            ComplianceYear = complianceYear,
        }));
        return null;
    }

    private static Rejection? CreditClass(DecisionContext ctx, string projectId, int vintage, out string classId)
    {
        classId = CreditClasses.Id(projectId, vintage);
        return ctx.World.Get<RegistryState>().Classes.TryGetValue(classId, out var cls) && cls.Type == UnitType.Credit
            ? null
            : new Rejection("unknown_credit_class", $"No credits of project {projectId} vintage {vintage} were ever issued.");
    }

    private static bool IsBuffer(DecisionContext ctx, string accountId) =>
        ctx.World.Get<RegistryState>().Accounts.TryGetValue(accountId, out var a) && a.Kind == AccountKind.Reserve;

    public Rejection? RecordForeign(DecisionContext ctx, RecordForeignRecords c)
    {
        if (Permissions.RoleOf(ctx) is not (Role.Regulator or Role.RegistryOperator))
            return Permissions.NotAuthorized(ctx.Actor, "record other registries' credits (regulator or registry operator only)");
        if (c.Registry is not (ForeignRegistryCsv.Verra or ForeignRegistryCsv.GoldStandard))
            return new Rejection("unknown_registry", $"'{c.Registry}' is not a registry known to us (verra, gold_standard).");
        if (c.Credits.Count + c.Projects.Count > Checks.MaxItems)
            return new Rejection("too_many_items", $"At most {Checks.MaxItems} records per command.");
        foreach (var f in c.Credits)
        {
            if (f.Registry != c.Registry)
                return new Rejection("registry_mismatch", $"Record {f.Serial} belongs to {f.Registry}, not {c.Registry}.");
            if (f.Range.Count != f.Quantity)
                return new Rejection("serial_quantity_mismatch", $"Serial {f.Serial} spans {f.Range.Count} serials but the quantity is {f.Quantity}.");
        }
        if (c.Projects.Any(p => p.Registry != c.Registry))
            return new Rejection("registry_mismatch", $"Every project must belong to {c.Registry}.");
        ctx.Emit(new ForeignRecordsRecorded(c.Registry, c.Credits, c.Projects));
        return null;
    }

    /// <summary>The serial strings of a use.</summary>
    internal static IEnumerable<string> Serials(CreditUse u) => u.Ranges.Select(r => new CcerSerial(u.ProjectId, u.Vintage, r).ToString());
}
