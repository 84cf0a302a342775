package migreg

import (
	"encoding/json"
	"fmt"
	"log/slog"
	"strconv"
)

// MarshalJSON writes {"index", "registration", "certificate"} for a
// member that succeeded (the certificate once confirmed) and {"index",
// "error"} for one that failed, the error in its public form
// (WireErrorOf), as BatchResult does.
func (r MemberResult) MarshalJSON() ([]byte, error) {
	return json.Marshal(newResultJSON(r.Index, r.Registration, r.Certificate, r.Err))
}

// UnmarshalJSON reads what MarshalJSON writes; Err becomes a *WireError.
func (r *MemberResult) UnmarshalJSON(b []byte) error {
	var w resultJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*r = MemberResult{Index: w.Index, Registration: w.registration(), Certificate: w.Certificate, Err: w.err()}
	return nil
}

// Format makes every fmt verb, %#v included, print Error. Its receiver is
// a value, as LogValue's, so that a GroupError logged or printed as a
// value, not only through the pointer it is returned as, shows no more.
func (e GroupError) Format(f fmt.State, verb rune) { fmt.Fprint(f, e.Error()) }

// LogValue implements slog.LogValuer: each failing member's index and
// error code.
func (e GroupError) LogValue() slog.Value {
	attrs := make([]slog.Attr, len(e.Members))
	for i, m := range e.Members {
		attrs[i] = slog.String("member_"+strconv.Itoa(m.Index), string(WireErrorOf(m.Err).Code))
	}
	return slog.GroupValue(attrs...)
}
