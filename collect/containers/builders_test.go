package containers

import (
	"reflect"
	"testing"

	"github.com/scoredev/score/collect/internal/collecttest"
	"github.com/scoredev/score/facts"
)

func TestContainerBuilders(t *testing.T) {
	t.Parallel()
	f := collecttest.ScanWith(t, map[string]string{
		"pom.xml": `<project>
  <!-- <artifactId>jib-maven-plugin</artifactId> in a comment -->
  <build><plugins>
    <plugin>
      <groupId>com.google.cloud.tools</groupId>
      <artifactId>jib-maven-plugin</artifactId>
    </plugin>
    <plugin>
      <artifactId>spring-boot-maven-plugin</artifactId>
      <executions><execution><goals><goal>build-image</goal></goals></execution></executions>
    </plugin>
  </plugins></build>
</project>
`,
		"api/build.gradle.kts": "plugins {\n    id(\"org.springframework.boot\") version \"3.3.0\"\n    id(\"com.google.cloud.tools.jib\") version \"3.4.3\"\n}\n",
		"svc/build.gradle":     "// bootBuildImage is configured below\ntasks.named('bootBuildImage') {\n  imageName = 'x'\n}\n",
		"project.toml":         "[_]\nschema-version = \"0.2\"\n",
		"worker/nixpacks.toml": "[phases.build]\n",
		".ko.yaml":             "defaultBaseImage: cgr.dev/chainguard/static\n",
		"BUILD.bazel":          "load(\"@rules_oci//oci:defs.bzl\", \"oci_image\")\n\noci_image(\n    name = \"image\",\n)\n",
		".gitlab-ci.yml":       "image:\n  script: mvn spring-boot:build-image\n",
		"Makefile":             "image:\n\t./gradlew bootBuildImage\n",
		"examples/pom.xml":     "<artifactId>jib-maven-plugin</artifactId>\n",
		"build.sbt":            "lazy val docker = (project in file(\"docker\"))\n  // .enablePlugins(DockerPlugin) was here\n  .enablePlugins(DockerPlugin)\n",
		"tools/build.sbt":      "lazy val tools = project\n",
		"scripts/release.sh":   "sbt 'set docker / version := \"1\"' docker/docker:publish\n",
		"README.md":            "use jib-maven-plugin\n",
	}, ContainerBuilderCollector{})
	want := []facts.ContainerBuilder{
		{Kind: "spring-boot-build-image", Path: ".gitlab-ci.yml", Line: 2},
		{Kind: "ko", Path: ".ko.yaml", Line: 1},
		{Kind: "bazel-oci", Path: "BUILD.bazel", Line: 3},
		{Kind: "spring-boot-build-image", Path: "Makefile", Line: 2},
		{Kind: "jib", Path: "api/build.gradle.kts", Line: 3},
		{Kind: "sbt-native-packager", Path: "build.sbt", Line: 3},
		{Kind: "jib", Path: "pom.xml", Line: 6},
		{Kind: "spring-boot-build-image", Path: "pom.xml", Line: 10},
		{Kind: "buildpacks", Path: "project.toml", Line: 1},
		{Kind: "sbt-native-packager", Path: "scripts/release.sh", Line: 1},
		{Kind: "spring-boot-build-image", Path: "svc/build.gradle", Line: 2},
		{Kind: "nixpacks", Path: "worker/nixpacks.toml", Line: 1},
	}
	if !reflect.DeepEqual(f.Containers.Builders, want) {
		t.Errorf("builders:\n got %+v\nwant %+v", f.Containers.Builders, want)
	}
}
