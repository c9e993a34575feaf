ThisBuild / organization := "com.example"
ThisBuild / scalaVersion := "3.5.1"
ThisBuild / semanticdbEnabled := true

val http4sVersion = "0.23.28"
val kamonVersion  = "2.7.5"

// Observability is shared with the batch jobs in the platform repository.
lazy val observability = Seq(
  "io.kamon"            %% "kamon-bundle"             % kamonVersion,
  "io.kamon"            %% "kamon-prometheus"         % kamonVersion,
  "io.kamon"            %% "kamon-opentelemetry"      % kamonVersion,
  "net.logstash.logback" % "logstash-logback-encoder" % "8.0",
  "ch.qos.logback"       % "logback-classic"          % "1.5.8"
)

lazy val root = (project in file("."))
  .settings(
    name := "payments",
    libraryDependencies ++= Seq(
      "org.http4s"    %% "http4s-ember-server" % http4sVersion,
      "org.http4s"    %% "http4s-dsl"          % http4sVersion,
      "org.http4s"    %% "http4s-circe"        % http4sVersion,
      "io.circe"      %% "circe-generic"       % "0.14.10",
      "org.scalatest" %% "scalatest"           % "3.2.19" % Test,
      "org.scalameta" %% "munit"               % "1.0.2"  % Test
      // "io.prometheus" % "simpleclient" % "0.16.0",
    ) ++ observability,
    wartremoverErrors ++= Warts.unsafe,
    dependencyLockAutoCheck := DependencyLockUpdateMode.CheckFailBuild
  )
