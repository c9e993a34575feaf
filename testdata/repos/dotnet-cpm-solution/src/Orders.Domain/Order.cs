namespace Orders.Domain;

public record Order(Guid Id, decimal Total);
