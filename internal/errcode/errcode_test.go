package errcode

import (
	"errors"
	"testing"
)

func TestOf(t *testing.T) {
	a, b, other := errors.New("a"), errors.New("b"), errors.New("a")
	codes := map[string]error{"alpha": a, "beta": b}
	for _, tt := range []struct {
		err  error
		want string
	}{{a, "alpha"}, {b, "beta"}, {other, ""}, {nil, ""}} {
		if got := Of(codes, tt.err); got != tt.want {
			t.Errorf("Of(codes, %v) = %q; want %q", tt.err, got, tt.want)
		}
	}
}

func ExampleOf() {
	errExpired := errors.New("expired")
	println(Of(map[string]error{"expired": errExpired}, errExpired) == "expired")
	// Output:
}
