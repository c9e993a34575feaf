package com.example.payments

import cats.effect.IO
import org.http4s.HttpRoutes
import org.http4s.dsl.io.*

object Routes:
  val all: HttpRoutes[IO] = HttpRoutes.of[IO] {
    case GET -> Root / "health"           => Ok("ok")
    case GET -> Root / "payments" / id    => Ok(Payments.describe(id))
  }

object Payments:
  def fee(amountCents: Long): Long = math.max(30L, amountCents * 29 / 1000)
  def describe(id: String): String = s"payment $id"
