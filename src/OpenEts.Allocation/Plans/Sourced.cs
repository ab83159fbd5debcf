// A rule value together with where it comes from, as every rulebook value is written.
namespace OpenEts.Allocation.Plans;

/// <summary>
/// A value from a rulebook with its source note. <see cref="Check"/> is true where the rules file marks
/// the value *(check)*: recalled, not confirmed from an original.
/// </summary>
public sealed record Sourced<T>(T Value, string Source, bool Check = false);
