namespace Orders.Api.Tests;

public class OrderTotals
{
    [Fact]
    public void Total_is_kept() => Assert.Equal(3m, new Orders.Domain.Order(Guid.NewGuid(), 3m).Total);
}
