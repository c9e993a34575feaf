package com.example.payments

import org.scalatest.funsuite.AnyFunSuite

class FeeSpec extends AnyFunSuite:
  test("small payments pay the minimum fee") {
    assert(Payments.fee(100) == 30)
  }
