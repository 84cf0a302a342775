package stay_test

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/stay"
)

// TestCitizenshipErrorJSON: a CitizenshipError read back from JSON
// matches the sentinel it matched and says the same; without the code of
// its cause it matched nothing and read "stay: citizenship ...: <nil>".
func TestCitizenshipErrorJSON(t *testing.T) {
	for _, cause := range []error{stay.ErrUnknownCitizenship, stay.ErrVisaRequired, stay.ErrNotInForce, stay.ErrNotForeign} {
		in := &stay.CitizenshipError{Code: "AFG", On: calendar.MustParseDate("2026-07-01"), Err: cause}
		b, err := json.Marshal(in)
		var back stay.CitizenshipError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || !errors.Is(&back, cause) || back.Error() != in.Error() {
			t.Errorf("%v: JSON %s reads back as %v, %v; want the same error", in, b, &back, err)
		}
	}
}

// TestCitizenshipErrorJSONUnknownCode: a code the package does not know
// is refused, not read as an error without a cause.
func TestCitizenshipErrorJSONUnknownCode(t *testing.T) {
	var e stay.CitizenshipError
	if err := json.Unmarshal([]byte(`{"code":"AFG","error":"nope"}`), &e); !errors.Is(err, stay.ErrUnknownName) {
		t.Errorf("an unknown code reads as %v, %v; want an error matching ErrUnknownName", &e, err)
	}
}

// FuzzCitizenshipErrorJSON: any input either is refused or reads as a
// CitizenshipError whose JSON reads back as the same error; never a
// panic.
func FuzzCitizenshipErrorJSON(f *testing.F) {
	for _, s := range []string{`{"code":"AFG","on":"2026-07-01","error":"visa_required"}`, `{"error":"nope"}`, `{}`, `null`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		var e stay.CitizenshipError
		if json.Unmarshal([]byte(s), &e) != nil {
			return
		}
		b, err := json.Marshal(e)
		var back stay.CitizenshipError
		if err == nil {
			err = json.Unmarshal(b, &back)
		}
		if err != nil || back != e {
			t.Fatalf("%s read as %+v, which writes %s and reads back as %+v, %v", s, e, b, back, err)
		}
	})
}
