// The tests measure time budgets and garbage collection of load contexts: run them one at a time so they do not
// compete for the (two) cores and skew each other.
[assembly: CollectionBehavior(DisableTestParallelization = true)]
