// A rule value together with where it comes from, as every rulebook value is written.
namespace OpenEts.Allocation.Plans;

/// <summary>
/// A value from a rulebook with its source note. <see cref="Check"/> is true exactly where the rules file
/// (china-ets.md) marks the value *(check)*: recalled, not confirmed from an original. <see cref="Assumed"/>
/// is true where the rules give no value at all and the rulebook states what practice it followed instead.
/// </summary>
public sealed record Sourced<T>(T Value, string Source, bool Check = false, bool Assumed = false);
