package com.example.inventory

import io.github.oshai.kotlinlogging.KotlinLogging
import io.micrometer.core.instrument.MeterRegistry
import org.springframework.stereotype.Service
import java.util.concurrent.ConcurrentHashMap

private val logger = KotlinLogging.logger {}

data class StockLevel(val sku: String, val warehouse: String, val onHand: Int, val reserved: Int) {
    val available: Int get() = onHand - reserved
}

class InsufficientStockException(sku: String, requested: Int, available: Int) :
    RuntimeException("sku $sku: requested $requested, available $available")

@Service
class StockService(registry: MeterRegistry) {
    private val levels = ConcurrentHashMap<Pair<String, String>, StockLevel>()
    private val reservations = registry.counter("inventory.reservations")

    fun level(sku: String, warehouse: String): StockLevel? = levels[sku to warehouse]

    fun receive(sku: String, warehouse: String, quantity: Int): StockLevel {
        require(quantity > 0) { "quantity must be positive" }
        return levels.merge(sku to warehouse, StockLevel(sku, warehouse, quantity, 0)) { old, _ ->
            old.copy(onHand = old.onHand + quantity)
        }!!
    }

    fun reserve(sku: String, warehouse: String, quantity: Int): StockLevel {
        val key = sku to warehouse
        return levels.compute(key) { _, current ->
            val level = current ?: StockLevel(sku, warehouse, 0, 0)
            if (level.available < quantity) {
                throw InsufficientStockException(sku, quantity, level.available)
            }
            level.copy(reserved = level.reserved + quantity)
        }!!.also {
            reservations.increment()
            logger.info { "reserved $quantity of $sku in $warehouse" }
        }
    }
}
