package com.example.inventory

import io.micrometer.core.instrument.simple.SimpleMeterRegistry
import org.assertj.core.api.Assertions.assertThat
import org.junit.jupiter.api.Test
import org.junit.jupiter.api.assertThrows

class StockServiceTest {
    private val registry = SimpleMeterRegistry()
    private val service = StockService(registry)

    @Test
    fun `receiving twice adds up`() {
        service.receive("SKU-1", "BER1", 5)
        val level = service.receive("SKU-1", "BER1", 3)
        assertThat(level.onHand).isEqualTo(8)
    }

    @Test
    fun `reservation reduces availability`() {
        service.receive("SKU-1", "BER1", 5)
        val level = service.reserve("SKU-1", "BER1", 2)
        assertThat(level.available).isEqualTo(3)
        assertThat(registry.counter("inventory.reservations").count()).isEqualTo(1.0)
    }

    @Test
    fun `cannot reserve more than available`() {
        service.receive("SKU-1", "BER1", 1)
        assertThrows<InsufficientStockException> { service.reserve("SKU-1", "BER1", 2) }
    }
}
