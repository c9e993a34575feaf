package com.example.orders.service;

import com.example.orders.api.CreateOrderRequest;
import com.example.orders.api.OrderResponse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

import static net.logstash.logback.argument.StructuredArguments.kv;

@Service
public class OrderService {

    private static final Logger log = LoggerFactory.getLogger(OrderService.class);

    private final Map<String, OrderResponse> orders = new ConcurrentHashMap<>();
    private final Counter created;
    private final Clock clock;

    public OrderService(MeterRegistry registry, Clock clock) {
        this.created = Counter.builder("orders.created").description("Orders accepted").register(registry);
        this.clock = clock;
    }

    public OrderResponse create(CreateOrderRequest request) {
        var order = new OrderResponse(UUID.randomUUID().toString(), request.customerId(), "PENDING",
                request.lines().size(), Instant.now(clock));
        orders.put(order.id(), order);
        created.increment();
        log.info("order created", kv("order_id", order.id()), kv("lines", order.lineCount()));
        return order;
    }

    public Optional<OrderResponse> find(String id) {
        return Optional.ofNullable(orders.get(id));
    }
}
