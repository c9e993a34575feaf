package com.example.orders.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/** An order as returned by the orders service. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record OrderResponse(String id, String customerId, String status, int lineCount, Instant createdAt) {
}
