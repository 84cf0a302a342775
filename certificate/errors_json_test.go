package certificate

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
)

// TestVerifyErrorJSON: a VerifyError read back from JSON, as a PMS's
// client receives it, matches the reason it matched and says the same;
// without the code of its reason it matched nothing and read "<nil>: ...".
func TestVerifyErrorJSON(t *testing.T) {
	for _, reason := range []error{ErrUnknownKey, ErrBadSignature, ErrNotYetValid, ErrExpired, ErrRevoked, ErrKeyOutOfPeriod} {
		in := &VerifyError{Reason: reason, KeyID: "2026-1", On: calendar.MustParseDate("2026-08-01"),
			ValidFrom: calendar.MustParseDate("2026-07-03"), ValidUntil: calendar.MustParseDate("2026-07-30")}
		b, err := json.Marshal(in)
		var back VerifyError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || !errors.Is(&back, reason) || back.Error() != in.Error() {
			t.Errorf("%v: JSON %s reads back as %v, %v; want the same error", in, b, &back, err)
		}
	}
}

// TestVerifyErrorJSONUnknownCode: a code the package does not know is
// refused, not read as an error without a reason.
func TestVerifyErrorJSONUnknownCode(t *testing.T) {
	var e VerifyError
	if err := json.Unmarshal([]byte(`{"error":"nope","key_id":"k"}`), &e); !errors.Is(err, ErrUnknownName) {
		t.Errorf("an unknown code reads as %v, %v; want an error matching ErrUnknownName", &e, err)
	}
}

// FuzzVerifyErrorJSON: any input either is refused or reads as a
// VerifyError whose JSON reads back as the same error; never a panic.
func FuzzVerifyErrorJSON(f *testing.F) {
	for _, s := range []string{`{"error":"expired","number":"","key_id":"k","on":"2026-08-01"}`, `{"error":"nope"}`, `{}`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e VerifyError
		if json.Unmarshal([]byte(s), &e) != nil {
			return
		}
		b, err := json.Marshal(e)
		var back VerifyError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || back != e {
			t.Fatalf("%s read as %+v, which writes %s and reads back as %+v, %v", s, e, b, back, err)
		}
	})
}
