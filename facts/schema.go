package facts

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
)

// FactsSchema returns the JSON Schema (draft-07) of the Facts document: the
// copy of generateSchema's output embedded in the binary (schema.json beside
// this file), which TestFactsSchemaUpToDate keeps equal to the generator and
// to the published docs/facts.schema.json. Every command that loads policies
// needs it, for the cache key at least; generating it by reflection took
// about 2 ms of each start.
func FactsSchema() ([]byte, error) {
	return slices.Clone(embeddedSchema), nil
}

//go:embed schema.json
var embeddedSchema []byte

// generateSchema generates the schema from the Go types by reflection over
// their json tags, so that the published schema and the one the engine
// type-checks policies against can never drift from the type.
//
// Every struct is an object with additionalProperties false; fields without
// omitempty are required; slices are arrays (never null: Collect fills them);
// map[string]string is an object of strings; pointers with omitempty are
// optional, pointers without it nullable. Named structs other than Facts
// itself live under "definitions" and are referenced with $ref. The output is
// deterministic: keys are sorted and the bytes end in a newline.
func generateSchema() ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}, seen: map[reflect.Type]string{}}
	root, err := g.object(reflect.TypeFor[Facts]())
	if err != nil {
		return nil, err
	}
	props := root["properties"].(map[string]any)
	props["schema_version"] = map[string]any{"type": "string", "const": SchemaVersion}

	root["$schema"] = "http://json-schema.org/draft-07/schema#"
	root["title"] = "score facts"
	root["description"] = "The facts score collects about one repository: the input document every policy reads. " +
		"schema_version changes only when a field is removed or changes meaning."
	if len(g.defs) > 0 {
		root["definitions"] = g.defs
	}
	b, err := json.MarshalIndent(root, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("marshal facts schema: %w", err)
	}
	return append(b, '\n'), nil
}

type schemaGen struct {
	defs map[string]any
	// seen maps a struct type to its definition name, also while the
	// definition is being built, so recursive types terminate.
	seen map[reflect.Type]string
}

// object is the schema of a struct type, inline.
func (g *schemaGen) object(t reflect.Type) (map[string]any, error) {
	props := map[string]any{}
	required := []string{}
	if err := g.fields(t, props, &required); err != nil {
		return nil, err
	}
	s := map[string]any{
		"type":                 "object",
		"properties":           props,
		"additionalProperties": false,
	}
	if len(required) > 0 {
		s["required"] = required
	}
	return s, nil
}

// fields adds t's exported, json-visible fields to props, flattening embedded
// structs the way encoding/json does.
func (g *schemaGen) fields(t reflect.Type, props map[string]any, required *[]string) error {
	for f := range t.Fields() {
		if !f.IsExported() && !f.Anonymous {
			continue
		}
		tag := f.Tag.Get("json")
		if tag == "-" {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if f.Anonymous && name == "" {
			ft := f.Type
			if ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if err := g.fields(ft, props, required); err != nil {
					return err
				}
				continue
			}
		}
		if name == "" {
			name = f.Name
		}
		omitempty := strings.Contains(","+opts+",", ",omitempty,") || strings.Contains(","+opts+",", ",omitzero,")
		s, err := g.schema(f.Type, !omitempty)
		if err != nil {
			return fmt.Errorf("%s.%s: %w", t.Name(), f.Name, err)
		}
		props[name] = s
		if !omitempty {
			*required = append(*required, name)
		}
	}
	return nil
}

// schema is the schema of a field's type. nullable says whether a nil
// pointer would be written as null (no omitempty).
func (g *schemaGen) schema(t reflect.Type, nullable bool) (map[string]any, error) {
	switch t.Kind() {
	case reflect.Pointer:
		s, err := g.schema(t.Elem(), false)
		if err != nil || !nullable {
			return s, err
		}
		if typ, ok := s["type"].(string); ok {
			s["type"] = []string{typ, "null"}
			return s, nil
		}
		return map[string]any{"anyOf": []any{s, map[string]any{"type": "null"}}}, nil
	case reflect.String:
		return map[string]any{"type": "string"}, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return map[string]any{"type": "integer"}, nil
	case reflect.Float32, reflect.Float64:
		return map[string]any{"type": "number"}, nil
	case reflect.Slice, reflect.Array:
		items, err := g.schema(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "array", "items": items}, nil
	case reflect.Map:
		if t.Key().Kind() != reflect.String {
			return nil, fmt.Errorf("map key %s is not a string", t.Key())
		}
		values, err := g.schema(t.Elem(), false)
		if err != nil {
			return nil, err
		}
		return map[string]any{"type": "object", "additionalProperties": values}, nil
	case reflect.Interface:
		return map[string]any{}, nil
	case reflect.Struct:
		return g.ref(t)
	}
	return nil, fmt.Errorf("unsupported type %s", t)
}

// ref defines a named struct once under definitions and refers to it.
func (g *schemaGen) ref(t reflect.Type) (map[string]any, error) {
	if t.Name() == "" {
		return g.object(t)
	}
	name, ok := g.seen[t]
	if !ok {
		name = t.Name()
		for _, other := range g.seen {
			if other == name {
				return nil, fmt.Errorf("two types named %s", name)
			}
		}
		g.seen[t] = name
		s, err := g.object(t)
		if err != nil {
			return nil, err
		}
		g.defs[name] = s
	}
	return map[string]any{"$ref": "#/definitions/" + name}, nil
}
