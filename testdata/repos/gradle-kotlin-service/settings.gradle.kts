pluginManagement {
    repositories {
        gradlePluginPortal()
        mavenCentral()
    }
    plugins {
        kotlin("jvm") version "1.9.24"
        kotlin("plugin.spring") version "1.9.24"
        id("org.springframework.boot") version "3.3.2"
        id("io.spring.dependency-management") version "1.1.6"
        id("com.google.cloud.tools.jib") version "3.4.3"
        id("io.gitlab.arturbosch.detekt") version "1.23.6"
    }
}

dependencyResolutionManagement {
    repositories {
        mavenCentral()
    }
}

rootProject.name = "inventory-service"
