package com.example.orders

import io.github.oshai.kotlinlogging.KotlinLogging
import io.ktor.server.application.Application
import io.ktor.server.engine.embeddedServer
import io.ktor.server.netty.Netty
import io.ktor.server.response.respondText
import io.ktor.server.routing.get
import io.ktor.server.routing.routing

private val log = KotlinLogging.logger {}

fun main() {
    embeddedServer(Netty, port = 8080, module = Application::module).start(wait = true)
}

fun Application.module() {
    log.info { "starting orders" }
    routing {
        get("/health") { call.respondText("ok") }
        get("/orders/{id}/total") { call.respondText(Totals.format(call.parameters["id"].orEmpty())) }
    }
}
