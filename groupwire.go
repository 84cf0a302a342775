package migreg

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"

	"github.com/migreg/migreg/registration"
)

// memberResultJSON is a MemberResult on the wire.
type memberResultJSON struct {
	Index        int                        `json:"index"`
	Registration *registration.Registration `json:"registration,omitempty"`
	Certificate  string                     `json:"certificate,omitempty"`
	Error        *WireError                 `json:"error,omitempty"`
}

// MarshalJSON writes {"index", "registration", "certificate"} for a
// member that succeeded (the certificate once confirmed) and {"index",
// "error"} for one that failed, the error in its public form
// (WireErrorOf), as BatchResult does.
func (r MemberResult) MarshalJSON() ([]byte, error) {
	w := memberResultJSON{Index: r.Index, Certificate: r.Certificate, Error: WireErrorOf(r.Err)}
	if !r.Registration.IsZero() {
		w.Registration = &r.Registration
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes; Err becomes a *WireError.
func (r *MemberResult) UnmarshalJSON(b []byte) error {
	var w memberResultJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = MemberResult{Index: w.Index, Certificate: w.Certificate}
	if w.Registration != nil {
		r.Registration = *w.Registration
	}
	if w.Error != nil {
		r.Err = w.Error
	}
	return nil
}

// Format makes every fmt verb, %#v included, print Error.
func (e *GroupError) Format(f fmt.State, verb rune) { fmt.Fprint(f, e.Error()) }

// LogValue implements slog.LogValuer: each failing member's index and
// error code.
func (e *GroupError) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(e.Members))
	for i, m := range e.Members {
		attrs[i] = slog.String("member_"+strconv.Itoa(m.Index), string(WireErrorOf(m.Err).Code))
	}
	return slog.GroupValue(attrs...)
}
