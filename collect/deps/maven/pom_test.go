package maven

import (
	"os"
	"reflect"
	"testing"
)

const samplePom = `<?xml version="1.0"?>
<project>
  <parent>
    <groupId>org.springframework.boot</groupId>
    <artifactId>spring-boot-starter-parent</artifactId>
    <version>3.3.0</version>
  </parent>
  <properties>
    <otel.version>1.40.0</otel.version>
  </properties>
  <modules>
    <module>api</module>
  </modules>
  <dependencyManagement>
    <dependencies>
      <dependency>
        <groupId>io.opentelemetry</groupId>
        <artifactId>opentelemetry-bom</artifactId>
        <version>${otel.version}</version>
        <scope>import</scope>
      </dependency>
    </dependencies>
  </dependencyManagement>
  <dependencies>
    <dependency>
      <groupId>io.micrometer</groupId>
      <artifactId>micrometer-registry-prometheus</artifactId>
    </dependency>
  </dependencies>
  <build>
    <plugins>
      <plugin>
        <artifactId>maven-surefire-plugin</artifactId>
      </plugin>
    </plugins>
  </build>
</project>
`

func TestParse(t *testing.T) {
	t.Parallel()
	doc, err := Parse([]byte(samplePom))
	if err != nil {
		t.Fatalf("Parse: %+v", err)
	}
	var got []string
	for _, it := range doc.Items {
		got = append(got, it.Kind+" "+it.Fields["artifactId"]+" "+ResolveProps(it.Fields["version"], Properties(doc)))
	}
	want := []string{
		"parent spring-boot-starter-parent 3.3.0",
		"managed opentelemetry-bom 1.40.0",
		"dependency micrometer-registry-prometheus ",
		"plugin maven-surefire-plugin ",
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("items:\n got %q\nwant %q", got, want)
	}
	if lines := []int{doc.Items[0].Line, doc.Items[1].Line}; lines[0] != 3 || lines[1] != 16 {
		t.Errorf("lines = %v, want [3 16]", lines)
	}
	if !reflect.DeepEqual(doc.Modules, []string{"api"}) {
		t.Errorf("modules = %v", doc.Modules)
	}
	if p := Properties(doc); p["project.version"] != "3.3.0" || p["project.groupId"] != "org.springframework.boot" {
		t.Errorf("inherited coordinates = %q %q", p["project.version"], p["project.groupId"])
	}
}

func TestParseSyntaxError(t *testing.T) {
	t.Parallel()
	doc, err := Parse([]byte("<project>\n<dependencies><dependency><artifactId>a</artifactId></dependency>\n<oops</project>"))
	if err == nil || err.Line != 3 {
		t.Fatalf("err = %+v, want a syntax error on line 3", err)
	}
	if len(doc.Items) != 1 {
		t.Errorf("items read before the error = %d, want 1", len(doc.Items))
	}
}

// FuzzParse: any input parses without panicking, and every item's line lies
// within the file.
func FuzzParse(f *testing.F) {
	f.Add([]byte(samplePom))
	if data, err := os.ReadFile("../testdata/deps/pom.xml"); err == nil {
		f.Add(data)
	}
	f.Add([]byte("<project><dependencies><dependency>"))
	f.Add([]byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><project>&nbsp;</project>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		doc, _ := Parse(data)
		lines := 1
		for _, b := range data {
			if b == '\n' {
				lines++
			}
		}
		for _, it := range doc.Items {
			if it.Line < 1 || it.Line > lines {
				t.Errorf("%s at line %d of %d", it.Kind, it.Line, lines)
			}
		}
	})
}
