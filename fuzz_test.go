package migreg_test

import (
	"bytes"
	"encoding"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"
)

// wireTypes returns the exported types that are values on the wire (see
// TestEveryTypeMarshals), so that the fuzz tests below reach every
// UnmarshalJSON and UnmarshalText of the module, those added later
// included.
func wireTypes() []reflect.Type {
	errType := reflect.TypeFor[error]()
	var out []reflect.Type
	for _, typ := range exportedTypes {
		if _, ok := notWire[typ]; ok {
			continue
		}
		if k := typ.Kind(); k == reflect.Interface || k == reflect.Func || typ.Implements(errType) || reflect.PointerTo(typ).Implements(errType) {
			continue
		}
		out = append(out, typ)
	}
	return out
}

// addGoldenSeeds adds every golden file of testdata/wire as a seed.
func addGoldenSeeds(f *testing.F) {
	files, err := filepath.Glob(filepath.Join(wireDir, "*.json"))
	if err != nil || len(files) == 0 {
		f.Fatalf("no golden files in %s: %v", wireDir, err)
	}
	for _, name := range files {
		b, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
}

// FuzzUnmarshalJSON decodes arbitrary JSON into every wire type: it never
// panics, and what decodes marshals again, and reads back to the same
// JSON (the encoding is stable after one round).
func FuzzUnmarshalJSON(f *testing.F) {
	addGoldenSeeds(f)
	for _, s := range []string{`{}`, `null`, `""`, `"x"`, `{"state":"State(0)"}`, `{"amount":"1e999999999","currency":"KZT"}`,
		`{"body":"not JSON"}`, `{"error":{"code":"invalid","problems":[{"path":"","code":""}]}}`, `{"unpriced":{"code":"other"}}`} {
		f.Add([]byte(s))
	}
	types := wireTypes()
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, typ := range types {
			v := reflect.New(typ)
			if json.Unmarshal(b, v.Interface()) != nil {
				continue
			}
			once, err := json.Marshal(v.Elem().Interface())
			if err != nil {
				t.Fatalf("%v: %s decodes, then does not marshal: %v", typ, b, err)
			}
			w := reflect.New(typ)
			if err := json.Unmarshal(once, w.Interface()); err != nil {
				t.Fatalf("%v: its own JSON %s does not decode: %v", typ, once, err)
			}
			twice, err := json.Marshal(w.Elem().Interface())
			if err != nil || !bytes.Equal(once, twice) {
				t.Fatalf("%v: %s marshals as %s, then as %s, %v", typ, b, once, twice, err)
			}
		}
	})
}

// FuzzUnmarshalText feeds arbitrary text to the UnmarshalText of every
// exported type that has one: it never panics, and what it accepts
// marshals, and reads back to the same text.
func FuzzUnmarshalText(f *testing.F) {
	for _, s := range []string{"", "pending", "confirmed", "2026-07-01", "061211600012", "940140000385", "host_answer",
		"KZ-EAN3-YWYS-FKV8", "working_days", "transfer", "high", "H", "kk-KZ", "per-visit+cumulative", "State(0)", "\xff"} {
		f.Add([]byte(s))
	}
	var types []reflect.Type
	for _, typ := range exportedTypes {
		if typ.Kind() != reflect.Interface && reflect.PointerTo(typ).Implements(reflect.TypeFor[encoding.TextUnmarshaler]()) {
			types = append(types, typ)
		}
	}
	if len(types) < 20 {
		f.Fatalf("%d types with UnmarshalText; want every enum, Date, IIN, BIN, Number and Signature", len(types))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, typ := range types {
			v := reflect.New(typ)
			if v.Interface().(encoding.TextUnmarshaler).UnmarshalText(b) != nil {
				continue
			}
			m, ok := v.Elem().Interface().(encoding.TextMarshaler)
			if !ok {
				continue
			}
			once, err := m.MarshalText()
			if err != nil {
				t.Fatalf("%v: %q reads, then does not marshal: %v", typ, b, err)
			}
			w := reflect.New(typ)
			if err := w.Interface().(encoding.TextUnmarshaler).UnmarshalText(once); err != nil {
				t.Fatalf("%v: its own text %q does not read: %v", typ, once, err)
			}
			twice, err := w.Elem().Interface().(encoding.TextMarshaler).MarshalText()
			if err != nil || !bytes.Equal(once, twice) {
				t.Fatalf("%v: %q marshals as %q, then as %q, %v", typ, b, once, twice, err)
			}
		}
	})
}
