package com.example.inventory

import com.ninjasquad.springmockk.MockkBean
import io.mockk.every
import org.junit.jupiter.api.Test
import org.springframework.beans.factory.annotation.Autowired
import org.springframework.boot.test.autoconfigure.web.servlet.WebMvcTest
import org.springframework.http.MediaType
import org.springframework.test.web.servlet.MockMvc
import org.springframework.test.web.servlet.get
import org.springframework.test.web.servlet.post

@WebMvcTest(StockController::class)
class StockControllerTest(@Autowired private val mvc: MockMvc) {

    @MockkBean
    private lateinit var stock: StockService

    @Test
    fun `unknown sku is 404`() {
        every { stock.level("SKU-9", "BER1") } returns null
        mvc.get("/v1/stock/BER1/SKU-9").andExpect { status { isNotFound() } }
    }

    @Test
    fun `over-reservation is 409`() {
        every { stock.reserve("SKU-1", "BER1", 9) } throws InsufficientStockException("SKU-1", 9, 1)
        mvc.post("/v1/stock/BER1/SKU-1/reservations") {
            contentType = MediaType.APPLICATION_JSON
            content = """{"quantity": 9}"""
        }.andExpect { status { isConflict() } }
    }
}
