package com.example.inventory

import jakarta.validation.Valid
import jakarta.validation.constraints.Min
import org.springframework.http.HttpStatus
import org.springframework.http.ResponseEntity
import org.springframework.web.bind.annotation.ExceptionHandler
import org.springframework.web.bind.annotation.GetMapping
import org.springframework.web.bind.annotation.PathVariable
import org.springframework.web.bind.annotation.PostMapping
import org.springframework.web.bind.annotation.RequestBody
import org.springframework.web.bind.annotation.RequestMapping
import org.springframework.web.bind.annotation.ResponseStatus
import org.springframework.web.bind.annotation.RestController

data class QuantityRequest(@field:Min(1) val quantity: Int)

@RestController
@RequestMapping("/v1/stock/{warehouse}/{sku}")
class StockController(private val stock: StockService) {

    @GetMapping
    fun get(@PathVariable warehouse: String, @PathVariable sku: String): ResponseEntity<StockLevel> =
        ResponseEntity.ofNullable(stock.level(sku, warehouse))

    @PostMapping("/receipts")
    @ResponseStatus(HttpStatus.CREATED)
    fun receive(@PathVariable warehouse: String, @PathVariable sku: String, @Valid @RequestBody body: QuantityRequest) =
        stock.receive(sku, warehouse, body.quantity)

    @PostMapping("/reservations")
    @ResponseStatus(HttpStatus.CREATED)
    fun reserve(@PathVariable warehouse: String, @PathVariable sku: String, @Valid @RequestBody body: QuantityRequest) =
        stock.reserve(sku, warehouse, body.quantity)

    @ExceptionHandler(InsufficientStockException::class)
    @ResponseStatus(HttpStatus.CONFLICT)
    fun insufficient(e: InsufficientStockException) = mapOf("error" to e.message)
}
