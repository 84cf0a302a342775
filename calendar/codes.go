package calendar

import (
	"errors"
	"fmt"
)

// ErrUnknownCode is matched by the error of an UnmarshalText of text that
// is not one of an enum's stable codes, and of a MarshalText of a value
// outside the enum (never of the zero value, which is empty text).
var ErrUnknownCode = errors.New("calendar: unknown code")

// marshalCode returns the code of v in codes, whose entry 0 is the empty
// code of the zero value.
func marshalCode(codes []string, v uint8, typ string) ([]byte, error) {
	if int(v) < len(codes) {
		return []byte(codes[v]), nil
	}
	return nil, fmt.Errorf("%w: cannot marshal %s(%d)", ErrUnknownCode, typ, v)
}

// parseCode returns the value whose code is b; unknown text is an error
// that quotes at most 32 bytes of it.
func parseCode(codes []string, b []byte, typ string) (uint8, error) {
	for i, c := range codes {
		if c == string(b) {
			return uint8(i), nil
		}
	}
	if len(b) > 32 {
		b = b[:32]
	}
	return 0, fmt.Errorf("%w: %s %q", ErrUnknownCode, typ, b)
}
