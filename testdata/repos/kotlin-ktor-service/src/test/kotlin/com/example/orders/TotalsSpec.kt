package com.example.orders

import io.kotest.core.spec.style.StringSpec
import io.kotest.matchers.shouldBe

class TotalsSpec : StringSpec({
    "tax is added to the net amount" {
        Totals.withTax(100) shouldBe 119
    }
})
