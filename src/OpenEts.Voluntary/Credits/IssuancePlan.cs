// One issuance as registry steps: define the project's vintage class if new, issue the owner's share
// into the issuance account and transfer it to the owner's account, issue the buffer share into the
// market's reserve account. Everything is checked first, so no registry step can refuse after another ran.
using OpenEts.Core;
using OpenEts.Registry;
using OpenEts.Voluntary.Projects;

namespace OpenEts.Voluntary.Credits;

/// <summary>Plans and runs the registry steps of one issuance: <see cref="Check"/> first, then <see cref="Run"/>.</summary>
internal sealed class IssuancePlan(Project project, int vintage, long ownerT, long bufferT)
{
    private string _market = "";
    private bool _defineClass;
    private long _first;

    /// <summary>The registry class of the project's vintage.</summary>
    public string ClassId { get; } = CreditClasses.Id(project.Id, vintage);

    /// <summary>Checks every registry step against the books; gives the first serial the issuance will take.</summary>
    public Rejection? Check(RegistryState registry, out long first)
    {
        first = 0;
        if (!registry.Accounts.TryGetValue(project.OwnerAccount, out var owner) || owner.Closed || owner.Kind != AccountKind.ProjectOwner)
            return new Rejection("owner_account_unavailable", $"The project's account '{project.OwnerAccount}' is not an open project-owner account.");
        _market = owner.MarketId;
        if (vintage is < 2000 or > 2100)
            return new Rejection("invalid_vintage", $"{vintage} is not a vintage the registry keeps.");
        if (ownerT + bufferT > RegistryState.MaxQuantity)
            return new Rejection("quantity_too_large", $"An issuance is at most {RegistryState.MaxQuantity:N0} t.");
        var issuance = AccountKinds.SystemAccountId(_market, AccountKind.Issuance);
        if (registry.Accounts[issuance].FrozenReason is not null)
            return new Rejection("account_frozen", $"The issuance account '{issuance}' is frozen.");
        if (registry.Classes.TryGetValue(ClassId, out var cls))
        {
            if (cls.Type != UnitType.Credit || cls.ProjectId != project.Id || cls.MarketId != _market || cls.Vintage != vintage)
                return new Rejection("unit_class_mismatch", $"The registry class '{ClassId}' exists but is not project {project.Id}'s {vintage} credits in market {_market}.");
            if (cls.Issued > RegistryState.MaxQuantity - ownerT - bufferT)
                return new Rejection("quantity_too_large", $"'{ClassId}' would exceed the largest issuable total.");
        }
        // The owner's share passes through the issuance account: it must hold none of the class, so the
        // transfer carries exactly the serials just issued.
        if (registry.HoldingOf(issuance, ClassId) is { Held: > 0 } left)
            return new Rejection("issuance_account_not_empty", $"'{issuance}' still holds {left.Held:N0} t of {ClassId}; move them before issuing more.");
        _defineClass = cls is null;
        _first = first = cls?.NextSerial ?? 1;
        return null;
    }

    /// <summary>Runs the registry steps (as the acting regulator); returns the owner's and the buffer's serials.</summary>
    public (SerialRange? Owner, SerialRange? Buffer) Run(DecisionContext ctx)
    {
        var issuance = AccountKinds.SystemAccountId(_market, AccountKind.Issuance);
        if (_defineClass)
            Must(ctx.Run(new DefineUnitClass(ClassId, _market, UnitType.Credit, vintage, project.Id)));
        SerialRange? ownerRange = null;
        SerialRange? bufferRange = null;
        if (ownerT > 0)
        {
            Must(ctx.Run(new Issue(ClassId, issuance, ownerT)));
            Must(ctx.Run(new Transfer(issuance, project.OwnerAccount, ClassId, ownerT)));
            ownerRange = SerialRange.OfCount(_first, ownerT);
        }
        if (bufferT > 0)
        {
            Must(ctx.Run(new Issue(ClassId, AccountKinds.SystemAccountId(_market, AccountKind.Reserve), bufferT)));
            bufferRange = SerialRange.OfCount(_first + ownerT, bufferT);
        }
        var holding = ctx.World.Get<RegistryState>().HoldingOf(project.OwnerAccount, ClassId);
        Invariant.Assert(ownerRange is not { } o || holding?.Serials?.Contains(o) == true, $"issued serials {ownerRange} of {ClassId} are not in {project.OwnerAccount}");
        return (ownerRange, bufferRange);
    }

    private static void Must(Rejection? rejection) =>
        Invariant.Assert(rejection is null, $"a registry step of an issuance refused after its checks: {rejection}");
}
