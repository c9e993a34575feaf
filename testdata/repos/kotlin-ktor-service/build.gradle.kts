val ktorVersion = "3.0.0"
val kotestVersion = "5.9.1"

plugins {
    kotlin("jvm") version "2.0.21"
    id("io.ktor.plugin") version "3.0.0"
    id("org.jetbrains.kotlinx.kover") version "0.8.3"
    id("org.owasp.dependencycheck") version "10.0.4"
}

group = "com.example"
version = "2.3.0"

kotlin {
    jvmToolchain(21)
}

dependencyLocking {
    lockAllConfigurations()
}

dependencies {
    implementation("io.ktor:ktor-server-netty:$ktorVersion")
    implementation("io.ktor:ktor-server-content-negotiation:$ktorVersion")
    implementation("io.ktor:ktor-server-metrics-micrometer:$ktorVersion")
    implementation("io.micrometer:micrometer-registry-prometheus:1.13.5")
    implementation("io.opentelemetry.instrumentation:opentelemetry-ktor-3.0:2.8.0-alpha")
    implementation("io.opentelemetry:opentelemetry-exporter-otlp:1.42.1")
    implementation("io.github.oshai:kotlin-logging-jvm:7.0.0")
    runtimeOnly("net.logstash.logback:logstash-logback-encoder:8.0")
    runtimeOnly("ch.qos.logback:logback-classic:1.5.8")

    testImplementation("io.kotest:kotest-runner-junit5:$kotestVersion")
    testImplementation("io.kotest:kotest-assertions-core:$kotestVersion")
    testImplementation("io.ktor:ktor-server-test-host:$ktorVersion")
}

dependencyCheck {
    failBuildOnCVSS = 7.0f
}

tasks.test {
    useJUnitPlatform()
}
