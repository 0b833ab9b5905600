namespace NMcs.Mediation.Tests;

public class SourceTests
{
    [Fact]
    public void Source_prints_as_name_and_position() =>
        Assert.Equal("pgw1.cdr#17", new RecordSource("pgw1.cdr", 17).ToString());
}
