package com.example.orders.api;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import java.util.List;

/** Body of {@code POST /v1/orders}. */
public record CreateOrderRequest(
        @NotBlank String customerId,
        @NotEmpty List<Line> lines) {

    /** One order line. */
    public record Line(@NotBlank String sku, @Min(1) int quantity) {
    }
}
