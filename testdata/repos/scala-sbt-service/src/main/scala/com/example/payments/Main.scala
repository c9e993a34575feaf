package com.example.payments

import cats.effect.{IO, IOApp}
import com.comcast.ip4s.*
import kamon.Kamon
import org.http4s.ember.server.EmberServerBuilder

object Main extends IOApp.Simple:
  def run: IO[Unit] =
    IO(Kamon.init()) *>
      EmberServerBuilder
        .default[IO]
        .withHost(host"0.0.0.0")
        .withPort(port"8080")
        .withHttpApp(Routes.all.orNotFound)
        .build
        .useForever
