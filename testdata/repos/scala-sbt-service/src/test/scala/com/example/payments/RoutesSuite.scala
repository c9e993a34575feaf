package com.example.payments

class RoutesSuite extends munit.FunSuite:
  test("describe names the payment") {
    assertEquals(Payments.describe("p1"), "payment p1")
  }
