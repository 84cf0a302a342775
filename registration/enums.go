package registration

import (
	"errors"
	"fmt"
)

// ErrUnknownName is matched by an UnmarshalText of a name that is not one
// of the enum's stable names, and by a MarshalText of a value outside the
// enum (never of the zero value, which is empty text).
var ErrUnknownName = errors.New("registration: unknown name")

// names maps an enum's values (from 1) to its stable names, which are what
// is stored and exchanged: values may be renumbered in a far future, names
// never change. The zero value of every enum is "not set" and its name is
// empty, so that a zero value marshals (as "") and reads back.
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
	s := string(b)
	if len(s) > 32 {
		s = s[:32]
	}
	return 0, fmt.Errorf("%w: %s %q", ErrUnknownName, typ, s)
}

// State is where a registration stands in its lifecycle (docs/legal.md Part A,
// the procedure of order No. 923). States start at 1, so the zero State is
// detectably invalid; they are stored by name.
//
//	submitted ──> pending ──> confirmed ──> superseded | ended | annulled
//	                  └──> rejected | withdrawn | lapsed
type State uint8

// The states of a registration. Never reorder; add new states at the end.
const (
	// Pending: the foreigner submitted; the host is to confirm or refuse.
	Pending State = iota + 1
	// Confirmed: the host confirmed; the registration is active and a
	// certificate is issued.
	Confirmed
	// Rejected: the host refused (with a reason).
	Rejected
	// Withdrawn: the foreigner withdrew the request before an answer.
	Withdrawn
	// Lapsed: the host did not answer in time.
	Lapsed
	// Superseded: a registration at a new address was confirmed; this
	// address was removed automatically.
	Superseded
	// Ended: the foreigner left, or the permitted stay ended.
	Ended
	// Annulled: an authority annulled the registration (false data).
	Annulled
)

var stateNames = names{"", "pending", "confirmed", "rejected", "withdrawn", "lapsed", "superseded", "ended", "annulled"}

// States lists every state in order.
func States() []State {
	return []State{Pending, Confirmed, Rejected, Withdrawn, Lapsed, Superseded, Ended, Annulled}
}

// String returns the stable name, e.g. "confirmed".
func (s State) String() string { return stateNames.str(uint8(s), "State") }

// IsValid reports whether s is one of the defined states.
func (s State) IsValid() bool { return s >= Pending && s <= Annulled }

// IsFinal reports whether no transition leaves s.
func (s State) IsFinal() bool { return s.IsValid() && s != Pending && s != Confirmed }

// IsActive reports whether s makes the registration the foreigner's
// current one. At most one registration per foreigner is active.
func (s State) IsActive() bool { return s == Confirmed }

// MarshalText returns the stable name, or empty text for the zero value.
func (s State) MarshalText() ([]byte, error) { return stateNames.marshal(uint8(s), "State") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (s *State) UnmarshalText(b []byte) error {
	v, err := stateNames.parse(b, "State")
	if err == nil {
		*s = State(v)
	}
	return err
}

// Place is the kind of lodging a registration is at (docs/legal.md Part B §2.3:
// residential houses, flats, dormitories, hotels, rest houses, sanatoriums
// and other premises used for living).
type Place uint8

// The kinds of lodging. Never reorder; add new kinds at the end.
const (
	PrivateHome Place = iota + 1 // a house or flat
	Hotel
	Dormitory
	RestHouse // a rest house or sanatorium
	OtherPlace
)

var placeNames = names{"", "private_home", "hotel", "dormitory", "rest_house", "other"}

// String returns the stable name, e.g. "private_home".
func (p Place) String() string { return placeNames.str(uint8(p), "Place") }

// IsValid reports whether p is one of the defined kinds.
func (p Place) IsValid() bool { return p >= PrivateHome && p <= OtherPlace }

// MarshalText returns the stable name, or empty text for the zero value.
func (p Place) MarshalText() ([]byte, error) { return placeNames.marshal(uint8(p), "Place") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (p *Place) UnmarshalText(b []byte) error {
	v, err := placeNames.parse(b, "Place")
	if err == nil {
		*p = Place(v)
	}
	return err
}

// HostKind is who provides the housing (the принимающее лицо of the Law on
// migration, docs/legal.md Part B §1).
type HostKind uint8

// The kinds of host. Never reorder; add new kinds at the end.
const (
	HostIndividual   HostKind = iota + 1 // a citizen or permanent resident; named by IIN
	HostHotel                            // a hotel; files for its guests and confirms in the same step
	HostDormitory                        // a dormitory; files for its residents like a hotel
	HostRestHouse                        // a rest house or sanatorium
	HostOrganisation                     // another legal entity providing housing
	HostOther
)

var hostKindNames = names{"", "individual", "hotel", "dormitory", "rest_house", "organisation", "other"}

// String returns the stable name, e.g. "hotel".
func (k HostKind) String() string { return hostKindNames.str(uint8(k), "HostKind") }

// IsValid reports whether k is one of the defined kinds.
func (k HostKind) IsValid() bool { return k >= HostIndividual && k <= HostOther }

// FilesForGuests reports whether a host of this kind may file the
// registration for its guest, confirming it in the same step: hotels and
// dormitories, which register guests at check-in.
func (k HostKind) FilesForGuests() bool { return k == HostHotel || k == HostDormitory }

// MarshalText returns the stable name, or empty text for the zero value.
func (k HostKind) MarshalText() ([]byte, error) { return hostKindNames.marshal(uint8(k), "HostKind") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (k *HostKind) UnmarshalText(b []byte) error {
	v, err := hostKindNames.parse(b, "HostKind")
	if err == nil {
		*k = HostKind(v)
	}
	return err
}

// DocumentKind is the kind of travel document a foreigner entered with.
type DocumentKind uint8

// The kinds of travel document. Never reorder; add new kinds at the end.
const (
	Passport DocumentKind = iota + 1
	// IDCard is a national identity card, on which citizens of some EAEU
	// states may enter.
	IDCard
	// OtherDocument is any other document valid for entry (a stateless
	// person's or refugee's travel document, a seaman's book).
	OtherDocument
)

var documentKindNames = names{"", "passport", "id_card", "other"}

// String returns the stable name, e.g. "passport".
func (k DocumentKind) String() string { return documentKindNames.str(uint8(k), "DocumentKind") }

// IsValid reports whether k is one of the defined kinds.
func (k DocumentKind) IsValid() bool { return k >= Passport && k <= OtherDocument }

// MarshalText returns the stable name, or empty text for the zero value.
func (k DocumentKind) MarshalText() ([]byte, error) {
	return documentKindNames.marshal(uint8(k), "DocumentKind")
}

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (k *DocumentKind) UnmarshalText(b []byte) error {
	v, err := documentKindNames.parse(b, "DocumentKind")
	if err == nil {
		*k = DocumentKind(v)
	}
	return err
}

// ActorKind is who performs a command.
type ActorKind uint8

// The kinds of actor. Never reorder; add new kinds at the end.
const (
	// ActorForeigner is the registered person: submits, withdraws, moves.
	ActorForeigner ActorKind = iota + 1
	// ActorHost is the person or organisation providing the housing:
	// confirms or refuses; a hotel or dormitory also submits for its guest.
	ActorHost
	// ActorAuthority is the migration police or a court: annuls.
	ActorAuthority
	// ActorSystem is the information system itself: lapses requests the
	// host did not answer, ends registrations on departure or at the end of
	// the stay, supersedes the old address after a move.
	ActorSystem
)

var actorKindNames = names{"", "foreigner", "host", "authority", "system"}

// String returns the stable name, e.g. "host".
func (k ActorKind) String() string { return actorKindNames.str(uint8(k), "ActorKind") }

// IsValid reports whether k is one of the defined kinds.
func (k ActorKind) IsValid() bool { return k >= ActorForeigner && k <= ActorSystem }

// MarshalText returns the stable name, or empty text for the zero value.
func (k ActorKind) MarshalText() ([]byte, error) {
	return actorKindNames.marshal(uint8(k), "ActorKind")
}

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (k *ActorKind) UnmarshalText(b []byte) error {
	v, err := actorKindNames.parse(b, "ActorKind")
	if err == nil {
		*k = ActorKind(v)
	}
	return err
}

// ReasonCode says why a registration was refused, annulled or ended. The
// refusal grounds are those of order No. 923 (docs/legal.md Part B §2.3):
// false data, a stay-limit violation, the host's refusal.
type ReasonCode uint8

// The reason codes. Never reorder; add new codes at the end.
const (
	// FalseData: the information given is inaccurate or false (a refusal
	// ground, and the ground for annulment).
	FalseData ReasonCode = iota + 1
	// StayLimitViolation: the foreigner is beyond the permitted stay (a
	// refusal ground, checked with package stay).
	StayLimitViolation
	// HostRefusal: the host does not confirm that it houses the foreigner.
	HostRefusal
	// Departed: the foreigner left Kazakhstan (ends a registration).
	Departed
	// StayExpired: the permitted stay, or the travel document, ran out
	// (ends a registration).
	StayExpired
	// OtherReason: anything else; the note says what.
	OtherReason
	// CheckedOut: the host checked the guest out (ends a registration;
	// only the registration's host gives it). The foreigner has left
	// the address: unless they leave the country, they re-register
	// within the period after a move.
	CheckedOut
)

var reasonNames = names{"", "false_data", "stay_limit_violation", "host_refusal", "departed", "stay_expired", "other", "checked_out"}

// String returns the stable name, e.g. "host_refusal".
func (c ReasonCode) String() string { return reasonNames.str(uint8(c), "ReasonCode") }

// IsValid reports whether c is one of the defined codes.
func (c ReasonCode) IsValid() bool { return c >= FalseData && c <= CheckedOut }

// MarshalText returns the stable name, or empty text for the zero value.
func (c ReasonCode) MarshalText() ([]byte, error) { return reasonNames.marshal(uint8(c), "ReasonCode") }

// UnmarshalText accepts a stable name, and empty text as the zero value.
func (c *ReasonCode) UnmarshalText(b []byte) error {
	v, err := reasonNames.parse(b, "ReasonCode")
	if err == nil {
		*c = ReasonCode(v)
	}
	return err
}

// Reason is a reason code with an optional free-text note (for example the
// host's words). The note is shown to the foreigner; keep personal data
// out of it.
type Reason struct {
	Code ReasonCode `json:"code"`
	Note string     `json:"note,omitempty"`
}

// String returns the code, and the note after a colon.
func (r Reason) String() string {
	if r.Note == "" {
		return r.Code.String()
	}
	return r.Code.String() + ": " + r.Note
}
