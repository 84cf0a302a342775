package sqlstore

import (
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/migreg/migreg/registration"
)

// jsonKeys returns the JSON keys of a struct type's fields.
func jsonKeys(t reflect.Type) []string {
	var keys []string
	for f := range t.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		keys = append(keys, name)
	}
	return keys
}

// TestBodiesKeepEveryField: every field of a registration and of an event
// is stored, in a column or in the body (bodies.go), so that a field added
// to either type is not silently dropped by the store.
func TestBodiesKeepEveryField(t *testing.T) {
	tests := []struct {
		record  reflect.Type
		body    reflect.Type
		columns []string
	}{
		{reflect.TypeFor[registration.Registration](), reflect.TypeFor[registrationBody](),
			[]string{"id", "version", "state", "foreigner", "host_id", "entry", "valid_until", "submitted_at"}},
		{reflect.TypeFor[registration.Event](), reflect.TypeFor[eventBody](),
			[]string{"registration", "seq", "type", "at"}},
	}
	for _, tt := range tests {
		stored := append(jsonKeys(tt.body), tt.columns...)
		for _, k := range jsonKeys(tt.record) {
			if !slices.Contains(stored, k) {
				t.Errorf("%v: field %q is neither a column nor in %v", tt.record, k, tt.body)
			}
		}
	}
}
