using GraphQL.Types;

namespace NMcs.Api.GraphQL.Types;

/// <summary>GraphQL type <c>Clock</c>: the platform time.</summary>
public sealed class ClockType : ObjectGraphType<ClockInfo>
{
    /// <summary>Declares the fields.</summary>
    public ClockType()
    {
        Name = "Clock";
        Field<NonNullGraphType<DateTimeOffsetGraphType>>("now").Resolve(c => c.Source.Now);
        Field<NonNullGraphType<BooleanGraphType>>("testClock").Description("True when the advanceable test clock is on.").Resolve(c => c.Source.TestClock);
    }
}

/// <summary>Platform time and whether it is the test clock.</summary>
public sealed record ClockInfo(DateTimeOffset Now, bool TestClock);
