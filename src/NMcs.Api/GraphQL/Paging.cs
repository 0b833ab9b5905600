using GraphQL;

namespace NMcs.Api.GraphQL;

/// <summary>Bounds on list sizes, so one query cannot ask for the whole database.</summary>
internal static class Paging
{
    public const int Max = 500;

    public static int First(IResolveFieldContext context)
    {
        var first = context.GetArgument("first", 50);
        if (first is < 1 or > Max)
        {
            throw new DomainException("INVALID_ARGUMENT", "first", $"first must be between 1 and {Max}; page with 'after' for more.");
        }

        return first;
    }
}
