// Moving and spending credits: transfer, retirement (beneficiary, purpose, public record), surrender as
// offsets within the cap, cancellation. A spent serial is final: the credit book refuses to move it again.
using OpenEts.Core;
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
        var state = ctx.World.Get<VoluntaryState>();
        var bad = Checks.First(Checks.Text("sender", c.From), Checks.Text("receiver", c.To));
        if (bad is not null)
            return bad;
        if (c.From == c.To)
            return new Rejection("same_account", "A transfer needs two different holders.");
        if (c.To == VoluntaryState.BufferHolder)
            return new Rejection("reserved_account", "Only issuance puts credits in the buffer pool.");
        var (ranges, rejection) = state.Book.Pick(c.From, new CreditClass(c.ProjectId, c.Vintage), c.QuantityT);
        if (rejection is not null)
            return rejection;
        ctx.Emit(new CreditsTransferred(c.From, c.To, c.ProjectId, c.Vintage, ranges));
        return null;
    }

    public Rejection? Retire(DecisionContext ctx, RetireCredits c)
    {
        var bad = Checks.First(Checks.Text("beneficiary", c.Beneficiary), Checks.Text("purpose", c.Purpose));
        return bad ?? Use(ctx, c.RetirementId, CreditUseKind.Retirement, c.Holder, c.ProjectId, c.Vintage, c.QuantityT, c.Beneficiary, c.Purpose, null);
    }

    public Rejection? Surrender(DecisionContext ctx, SurrenderCredits c)
    {
        if (c.AllowancesDueT < 0)
            return new Rejection("bad_quantity", "Allowances due cannot be negative.");
        var state = ctx.World.Get<VoluntaryState>();
        var cap = (long)decimal.Floor(c.AllowancesDueT * rules.OffsetCapShare);
        var already = state.Uses.Where(u => u.Kind == CreditUseKind.Surrender && u.Holder == c.Holder && u.ComplianceYear == c.ComplianceYear).Sum(u => u.QuantityT);
        if (already + c.QuantityT > cap)
            return new Rejection("offset_cap_exceeded",
                $"Offsets may cover at most {rules.OffsetCapShare:P0} of the {c.AllowancesDueT} allowances due ({cap} t); {already} t already surrendered for {c.ComplianceYear}.");
        return Use(ctx, c.SurrenderId, CreditUseKind.Surrender, c.Holder, c.ProjectId, c.Vintage, c.QuantityT, c.Holder, $"compliance {c.ComplianceYear}", c.ComplianceYear);
    }

    public Rejection? Cancel(DecisionContext ctx, CancelCredits c) =>
        Checks.Text("reason", c.Reason) ?? Use(ctx, c.CancellationId, CreditUseKind.Cancellation, c.Holder, c.ProjectId, c.Vintage, c.QuantityT, "", c.Reason, null);

    private Rejection? Use(DecisionContext ctx, string id, CreditUseKind kind, string holder, string projectId, int vintage, long quantity,
        string beneficiary, string purpose, int? complianceYear)
    {
        var state = ctx.World.Get<VoluntaryState>();
        if (Checks.Id("record", id) is { } bad)
            return bad;
        if (state.Uses.Any(u => u.UseId == id))
            return new Rejection("record_exists", $"A retirement, surrender or cancellation {id} already exists.");
        if (kind != CreditUseKind.Cancellation && holder == VoluntaryState.BufferHolder)
            return new Rejection("reserved_account", "Buffer credits are only ever cancelled.");
        var cls = new CreditClass(projectId, vintage);
        var (ranges, rejection) = state.Book.Pick(holder, cls, quantity, holder == VoluntaryState.BufferHolder ? CreditStatus.Buffer : CreditStatus.Held);
        if (rejection is not null)
            return rejection;
        ctx.Emit(new CreditsUsed(new CreditUse(id, kind, holder, projectId, vintage, ranges, quantity, beneficiary, purpose, rules.MarketDate(ctx.Time))
        {
            ComplianceYear = complianceYear,
        }));
        return null;
    }

    public Rejection? RecordForeign(DecisionContext ctx, RecordForeignRecords c)
    {
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
