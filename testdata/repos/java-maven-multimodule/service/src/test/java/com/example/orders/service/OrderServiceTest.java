package com.example.orders.service;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.orders.api.CreateOrderRequest;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class OrderServiceTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final OrderService service = new OrderService(registry,
            Clock.fixed(Instant.parse("2024-07-01T10:00:00Z"), ZoneOffset.UTC));

    @Test
    void createStoresOrderAndCountsIt() {
        var order = service.create(new CreateOrderRequest("cust-1",
                List.of(new CreateOrderRequest.Line("SKU-1", 2))));

        assertThat(order.status()).isEqualTo("PENDING");
        assertThat(service.find(order.id())).contains(order);
        assertThat(registry.counter("orders.created").count()).isEqualTo(1.0);
    }

    @Test
    void findUnknownIsEmpty() {
        assertThat(service.find("missing")).isEmpty();
    }
}
