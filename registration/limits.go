package registration

import (
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// The domain's size limits (README, "Limits"). Each is checked before any
// other work on an input, with len alone, so that an oversized value costs
// nothing but its refusal.
const (
	// MaxTextBytes bounds every free-text field (names, address parts, a
	// host's name and contacts, a document number as typed, a reason's
	// note) and an actor's ID, such as an authority's name in the audit
	// log: 200 bytes hold 100 Cyrillic or 200 Latin letters, twice the
	// longest name or street line the forms print.
	MaxTextBytes = 200
	// MaxIDBytes bounds a registration ID: a default ID has 28 bytes, a
	// booking reference or a UUID fewer than 64.
	MaxIDBytes = 128
)

// ErrLimit is matched by a *LimitError: an input over one of the
// documented limits.
var ErrLimit = errors.New("registration: over a limit")

// LimitError reports an input over one of the documented limits: which
// limit (its name in the README's table, e.g. "text_bytes"), its value,
// what the input had, and where (a field path such as "address.street",
// or what was counted, such as "trips"). It matches ErrLimit, and
// ErrInvalid through a *ValidationError with the problem "Path:
// too_long", so that a caller that handles invalid input handles it too.
// Its message names the limit and the numbers, never the value.
type LimitError struct {
	Limit string `json:"limit"`
	Max   int    `json:"max"`
	Got   int    `json:"got"`
	Path  string `json:"path"`
}

// Error implements the error interface.
func (e *LimitError) Error() string {
	return fmt.Sprintf("registration: %s over the limit %s: %d, at most %d", e.Path, e.Limit, e.Got, e.Max)
}

// Unwrap returns ErrLimit and the *ValidationError of the problem.
func (e *LimitError) Unwrap() []error {
	return []error{ErrLimit, &ValidationError{Problems: []Problem{{Path: e.Path, Code: CodeTooLong}}}}
}

// CheckSize returns a *LimitError when s at path has more than max bytes.
func CheckSize(limit, path, s string, max int) error {
	if len(s) > max {
		return &LimitError{Limit: limit, Max: max, Got: len(s), Path: path}
	}
	return nil
}

// CheckLimits reports the first field of the submission over its size
// limit (MaxIDBytes for the IDs, MaxTextBytes for every text) as a
// *LimitError. Submit and Validate check the rest.
func (s Submission) CheckLimits() error {
	for _, err := range []error{
		CheckSize("id_bytes", "id", string(s.ID), MaxIDBytes),
		CheckSize("id_bytes", "moved_from", string(s.MovedFrom), MaxIDBytes),
		CheckSize("id_bytes", "guardian", string(s.Guardian), MaxIDBytes),
		CheckSize("id_bytes", "group", string(s.Group), MaxIDBytes),
		s.Person.checkLimits("person"),
		s.Host.checkLimits("host"),
		s.Address.checkLimits("address"),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// CheckLimits reports a field of the person over MaxTextBytes as a
// *LimitError.
func (p Person) CheckLimits() error { return p.checkLimits("person") }

func (p Person) checkLimits(path string) error {
	return texts(path, "surname", p.Surname, "given_names", p.GivenNames,
		"cyrillic_surname", p.CyrillicSurname, "cyrillic_given_names", p.CyrillicGivenNames,
		"cyrillic_patronymic", p.CyrillicPatronymic, "citizenship", p.Citizenship,
		"document.number", p.Document.Number, "document.issuing_country", p.Document.IssuingCountry)
}

func (h Host) checkLimits(path string) error {
	return texts(path, "name", h.Name, "contact.phone", h.Contact.Phone, "contact.email", h.Contact.Email, "contact.app", h.Contact.App)
}

func (a Address) checkLimits(path string) error {
	return texts(path, "region", a.Region, "locality", a.Locality, "street", a.Street,
		"building", a.Building, "unit", a.Unit, "kato", a.KATO)
}

// texts checks pairs of field names and values under path against
// MaxTextBytes.
func texts(path string, pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if len(pairs[i+1]) > MaxTextBytes {
			return CheckSize("text_bytes", path+"."+pairs[i], pairs[i+1], MaxTextBytes)
		}
	}
	return nil
}

// CheckActor reports an actor whose ID cannot be recorded in the audit
// log: over MaxTextBytes (a *LimitError), or not printable text
// (a *ValidationError, "by.id: invalid").
func CheckActor(a Actor) error {
	if err := CheckSize("text_bytes", "by.id", a.ID, MaxTextBytes); err != nil {
		return err
	}
	if !validText(a.ID) {
		return &ValidationError{Problems: []Problem{{Path: "by.id", Code: CodeInvalid}}}
	}
	return nil
}

// idSeparators are the characters the Service joins IDs with in the keys
// it derives from them (a move's deadline "id@date", a message "id/seq",
// an idempotency scope "actor|key"), which a registration ID must not
// contain so that every such key reads back one way.
const idSeparators = "@/|"

// validID reports whether id can name a registration: printable text,
// without white space or a separator (idSeparators).
func validID(id ID) bool {
	return validText(string(id)) && !strings.ContainsAny(string(id), idSeparators) &&
		strings.IndexFunc(string(id), unicode.IsSpace) < 0
}
