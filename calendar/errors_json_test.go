package calendar

import (
	"encoding/json"
	"errors"
	"testing"
)

// TestAdditionErrorJSON: an AdditionError read back from JSON matches the
// sentinel it matched and says the same; without the code of its cause it
// matched nothing and read "<nil>: ...".
func TestAdditionErrorJSON(t *testing.T) {
	for _, cause := range []error{ErrContradiction, ErrDuplicate, nil} {
		in := &AdditionError{Date: NewDate(2027, 3, 8), Reason: "a holiday", Err: cause}
		b, err := json.Marshal(in)
		var back AdditionError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || back.Err != cause || back.Error() != in.Error() || (cause != nil && !errors.Is(&back, cause)) {
			t.Errorf("%v: JSON %s reads back as %v, %v; want the same error", in, b, &back, err)
		}
	}
}

// TestAdditionErrorJSONUnknownCode: a code the package does not know is
// refused, not read as an error without a cause.
func TestAdditionErrorJSONUnknownCode(t *testing.T) {
	var e AdditionError
	if err := json.Unmarshal([]byte(`{"date":"2027-03-08","reason":"x","error":"nope"}`), &e); !errors.Is(err, ErrUnknownCode) {
		t.Errorf("an unknown code reads as %v, %v; want an error matching ErrUnknownCode", &e, err)
	}
}

// FuzzAdditionErrorJSON: any input either is refused or reads as an
// AdditionError whose JSON reads back as the same error; never a panic.
func FuzzAdditionErrorJSON(f *testing.F) {
	for _, s := range []string{`{"date":"2027-03-08","reason":"x","error":"duplicate"}`, `{"error":"nope"}`, `{}`, `null`, `{"date":"2027-02-30"}`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e AdditionError
		if json.Unmarshal([]byte(s), &e) != nil {
			return
		}
		b, err := json.Marshal(e)
		var back AdditionError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || back != e {
			t.Fatalf("%s read as %+v, which writes %s and reads back as %+v, %v", s, e, b, back, err)
		}
	})
}
