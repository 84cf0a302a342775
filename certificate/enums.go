package certificate

import (
	"errors"
	"fmt"

	"github.com/migreg/migreg/internal/redact"
)

// ErrUnknownName is matched by the errors of the enums' UnmarshalText for
// a name they do not know, and of their MarshalText for a value that has
// no name.
var ErrUnknownName = errors.New("certificate: unknown name")

// names maps an enum's values (from 1) to its stable names. The zero value
// of every enum is "not set", with the empty name, so that it marshals (as
// "") and reads back.
type names []string

func (n names) str(v uint8, typ string) string {
	if v >= 1 && int(v) < len(n) {
		return n[v]
	}
	return fmt.Sprintf("%s(%d)", typ, v)
}

func (n names) marshal(v uint8, typ string) ([]byte, error) {
	if int(v) < len(n) {
		return []byte(n[v]), nil
	}
	return nil, fmt.Errorf("%w: cannot marshal %s(%d)", ErrUnknownName, typ, v)
}

func (n names) parse(b []byte, typ string) (uint8, error) {
	for i := 0; i < len(n); i++ {
		if n[i] == string(b) {
			return uint8(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %s %q", ErrUnknownName, typ, redact.Cut(string(b), 32))
}
