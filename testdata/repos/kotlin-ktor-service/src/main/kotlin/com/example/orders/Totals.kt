package com.example.orders

object Totals {
    fun withTax(cents: Long): Long = cents + cents * 19 / 100

    fun format(id: String): String = "order $id"
}
