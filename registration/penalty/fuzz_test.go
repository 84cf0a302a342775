package penalty_test

import (
	"bytes"
	"encoding"
	"errors"
	"testing"

	"github.com/migreg/migreg/registration/penalty"
)

// FuzzUnmarshalText checks every enum decoder: text either decodes to a
// value that marshals back to the same text, or is an ErrUnknownName error
// that leaves the value unchanged.
func FuzzUnmarshalText(f *testing.F) {
	for _, s := range []string{"overstay", "host_entity", "non_profit", "unconfirmed", "decision_year",
		"", "Overstay", "Offence(1)", "overstay\x00", "\xff"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		type codec interface {
			encoding.TextUnmarshaler
			encoding.TextMarshaler
		}
		o, by, s, c, p := penalty.FalseData, penalty.HostOfficial, penalty.LargeBusiness, penalty.LowConfidence, penalty.DecisionYear
		for _, v := range []codec{&o, &by, &s, &c, &p} {
			before, _ := v.MarshalText()
			if err := v.UnmarshalText(b); err != nil {
				after, _ := v.MarshalText()
				if !errors.Is(err, penalty.ErrUnknownName) || !bytes.Equal(before, after) {
					t.Fatalf("%T.UnmarshalText(%q) = %v and changed %q to %q", v, b, err, before, after)
				}
				continue
			}
			got, err := v.MarshalText()
			if err != nil || !bytes.Equal(got, b) {
				t.Fatalf("%T.UnmarshalText(%q) then MarshalText() = %q, %v", v, b, got, err)
			}
		}
	})
}
