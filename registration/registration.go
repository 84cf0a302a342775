package registration

import (
	"fmt"
	"log/slog"
	"time"

	"github.com/migreg/migreg/calendar"
)

// ID identifies a registration. The Service assigns it, or the caller
// chooses it: at most MaxIDBytes of printable text without white space or
// the characters '@', '/' and '|', which the Service uses to join IDs into
// other keys.
type ID string

// Registration is the aggregate of one registration of a foreigner at one
// address with one host (docs/legal.md Part A, the procedure; Part B §2.3 and
// §6). Its State changes only through the transitions of this package,
// each a pure function that returns a new Registration and the events it
// produced; a Registration value is never changed in place by them.
//
// Version counts the events applied: stores use it for optimistic
// concurrency, and Event.Seq equals the Version the event produced.
//
// A Registration holds personal data; String, fmt verbs and LogValue mask
// it. JSON carries it in full, for storage.
type Registration struct {
	ID        ID          `json:"id"`
	Version   int         `json:"version"`
	State     State       `json:"state"`
	Foreigner ForeignerID `json:"foreigner"`
	HostID    HostID      `json:"host_id"`

	Person  Person  `json:"person"`
	Host    Host    `json:"host"`
	Address Address `json:"address"`
	Place   Place   `json:"place"`

	// Entry is the border crossing this registration belongs to; the
	// 30-day deadline runs from it.
	Entry calendar.Date `json:"entry"`
	// MovedFrom is the registration this one replaces after a change of
	// address, and MovedOn the date of the move, from which the
	// 5-working-day re-registration period runs. Both zero for a first
	// registration.
	MovedFrom ID            `json:"moved_from,omitempty"`
	MovedOn   calendar.Date `json:"moved_on,omitzero"`
	// Group is the group registration this one was filed in (a family, a
	// tour group: see GroupID), and Guardian the registration of the
	// minor's parent or guardian (see MinorPolicy). Both empty for a
	// registration filed alone by an adult. Neither changes.
	Group    GroupID `json:"group,omitempty"`
	Guardian ID      `json:"guardian,omitempty"`
	// PlannedEnd is the last day of the booking, when the submission
	// gave one: ValidUntil is then never later.
	PlannedEnd calendar.Date `json:"planned_end,omitzero"`

	// FiledBy is who filed: the foreigner, or a hotel or dormitory for its
	// guest (which confirms in the same step).
	FiledBy     ActorKind     `json:"filed_by"`
	SubmittedAt time.Time     `json:"submitted_at"`
	SubmittedOn calendar.Date `json:"submitted_on"`
	// HostDue is the last day for the host's answer; after it a pending
	// request lapses.
	HostDue calendar.Date `json:"host_due"`

	// ConfirmedOn is the day the host confirmed, and ValidUntil the last
	// day the registration covers (the stay's latest exit, never past the
	// travel document's expiry nor the planned end of the booking).
	ConfirmedOn calendar.Date `json:"confirmed_on,omitzero"`
	ValidUntil  calendar.Date `json:"valid_until,omitzero"`

	// ClosedOn is the day of the transition into a final state, Reason why
	// (for rejected, annulled and ended registrations), and SupersededBy
	// the registration at the new address.
	ClosedOn     calendar.Date `json:"closed_on,omitzero"`
	Reason       Reason        `json:"reason,omitzero"`
	SupersededBy ID            `json:"superseded_by,omitempty"`
}

// IsZero reports whether r is the zero Registration.
func (r *Registration) IsZero() bool { return r.ID == "" && r.Version == 0 }

// String describes the registration with personal data masked.
func (r Registration) String() string {
	return fmt.Sprintf("registration %s v%d %v: %v at %q, host %v", r.ID, r.Version, r.State, r.Person, r.Address.String(), r.Host)
}

// Format makes every fmt verb print the masked String.
func (r Registration) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the registration's ID, version and
// state, nothing about the people.
func (r Registration) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", string(r.ID)),
		slog.Int("version", r.Version),
		slog.String("state", r.State.String()),
	)
}

// Submission is what a foreigner (or a hotel for its guest) files: who,
// where, with whom, for which entry (docs/legal.md Part B §2.3, "Who files").
type Submission struct {
	ID      ID            `json:"id"`
	Person  Person        `json:"person"`
	Host    Host          `json:"host"`
	Address Address       `json:"address"`
	Place   Place         `json:"place"`
	Entry   calendar.Date `json:"entry"`
	// MovedFrom and MovedOn make the submission a re-registration after a
	// change of address.
	MovedFrom ID            `json:"moved_from,omitempty"`
	MovedOn   calendar.Date `json:"moved_on,omitzero"`
	// Group is the group the submission belongs to: the Service sets it
	// for the members of a group registration (SubmitGroup) and
	// DecodeSubmission never reads it.
	Group GroupID `json:"group,omitempty"`
	// Guardian is the registration of the parent or guardian of a minor
	// (see MinorPolicy): under the default policy a minor's submission
	// must name one, pending or active at the same address with the same
	// host. The Service sets it for a group's minors from their member's
	// Guardian.
	Guardian ID `json:"guardian,omitempty"`
	// PlannedEnd is the last day of the booking (a hotel's check-out
	// date as booked), if known: optional. A planned stay past the
	// latest day the stay limits allow is refused at submission
	// (Rulebook.Submit, a *RefusalError with the LatestExit), and the
	// registration is valid until the planned end at the latest.
	PlannedEnd calendar.Date `json:"planned_end,omitzero"`
	// Foreigner and HostID are the pseudonyms of the person and the host
	// (see Pseudonyms), which only the holder of the key can derive: the
	// Service sets them, replacing what a caller sent, and
	// DecodeSubmission never reads them. Submit requires them.
	Foreigner ForeignerID `json:"foreigner,omitempty"`
	HostID    HostID      `json:"host_id,omitempty"`
}

// Validate checks the submission's form and consistency and returns every
// problem at once as a *ValidationError, or nil. The paths are "id",
// "person....", "host....", "address....", "place", "entry", "moved_from",
// "moved_on" and "planned_end". A field over its size limit is reported first, alone, as
// a *LimitError (see CheckLimits).
func (s Submission) Validate() error {
	if err := s.CheckLimits(); err != nil {
		return err
	}
	var ps problems
	s.validate(&ps)
	return ps.err()
}

func (s Submission) validate(ps *problems) {
	if s.ID == "" {
		ps.add("id", CodeRequired)
	} else if len(s.ID) > MaxIDBytes {
		ps.add("id", CodeTooLong)
	} else if !validID(s.ID) {
		ps.add("id", CodeInvalid)
	}
	if s.Entry.IsZero() {
		ps.add("entry", CodeRequired)
	}
	s.Person.validate(ps, "person", s.Entry)
	s.Host.validate(ps, "host")
	a := s.Address
	ps.text("address", "region", a.Region, true)
	ps.text("address", "locality", a.Locality, false)
	ps.text("address", "street", a.Street, true)
	ps.text("address", "building", a.Building, true)
	ps.text("address", "unit", a.Unit, false)
	if a.KATO != "" && (len(a.KATO) != 9 || !isDigits(a.KATO)) {
		ps.add("address.kato", CodeInvalid)
	}
	if s.Place == 0 {
		ps.add("place", CodeRequired)
	} else if !s.Place.IsValid() {
		ps.add("place", CodeInvalid)
	}
	if (s.MovedFrom == "") != s.MovedOn.IsZero() {
		if s.MovedFrom == "" {
			ps.add("moved_from", CodeRequired)
		} else {
			ps.add("moved_on", CodeRequired)
		}
	}
	if !s.MovedOn.IsZero() && !s.Entry.IsZero() && s.MovedOn.Before(s.Entry) {
		ps.add("moved_on", CodeBeforeEntry)
	}
	if !s.PlannedEnd.IsZero() && !s.Entry.IsZero() && s.PlannedEnd.Before(s.Entry) {
		ps.add("planned_end", CodeBeforeEntry)
	}
	if s.MovedFrom != "" && s.MovedFrom == s.ID {
		ps.add("moved_from", CodeInvalid)
	}
	if s.Guardian != "" && (!validID(s.Guardian) || s.Guardian == s.ID) {
		ps.add("guardian", CodeInvalid)
	}
	if s.Group != "" && !validID(ID(s.Group)) {
		ps.add("group", CodeInvalid)
	}
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// String describes the submission with personal data masked.
func (s Submission) String() string {
	str := fmt.Sprintf("submission %s: %v at %q, host %v, entry %v", s.ID, s.Person, s.Address.String(), s.Host, s.Entry)
	if s.MovedFrom != "" {
		str += fmt.Sprintf(", moved from %s on %v", s.MovedFrom, s.MovedOn)
	}
	return str
}

// Format makes every fmt verb print the masked String.
func (s Submission) Format(f fmt.State, verb rune) { fmt.Fprint(f, s.String()) }

// LogValue implements slog.LogValuer: the ID and entry date only.
func (s Submission) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", string(s.ID)),
		slog.String("entry", s.Entry.String()),
	)
}
