package registration

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/migreg/migreg/internal/redact"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
)

// Host is the person or organisation providing the housing (принимающее
// лицо: a citizen or permanent resident, or a legal entity registered in
// Kazakhstan; docs/legal.md Part B §1). Under order No. 923 the host receives
// the foreigner's request in an app and confirms or refuses it.
//
// An individual host is named by IIN, an organisation by BIN (docs/legal.md
// Part A, "Identity"); an individual entrepreneur running a hotel may be
// named by IIN. Contact is required: it is where the host's request to
// confirm goes (Validate reports "host.contact: required" without it).
//
// String, fmt and slog mask both numbers, show an individual's name (or
// the name of any host not named by a BIN) as initials, and leave the
// contact out; only JSON carries them in full.
type Host struct {
	Kind HostKind `json:"kind"`
	// Name is the organisation's name, or the individual's full name.
	Name string   `json:"name"`
	IIN  kzid.IIN `json:"iin,omitzero"`
	BIN  kzid.BIN `json:"bin,omitzero"`
	// Size is the business size of an organisation, which sets the fine
	// under art. 518 (docs/legal.md Part B §3.1). Zero for individuals.
	Size penalty.BusinessSize `json:"size,omitzero"`
	// Contact is where the app notification goes; required, at least one
	// of its fields.
	Contact Contact `json:"contact"`
}

// Contact is how a host is reached for notifications: at least one of a
// phone, an e-mail address and an app handle (a Host requires one). It is
// personal data: String, fmt and slog name the channels set, never their
// values.
type Contact struct {
	Phone string `json:"phone,omitempty"` // E.164, e.g. "+77011234567"
	Email string `json:"email,omitempty"`
	// App is an opaque handle of the host's app installation, for push
	// notifications.
	App string `json:"app,omitempty"`
}

// IsZero reports whether no contact is set.
func (c Contact) IsZero() bool { return c == Contact{} }

// channels lists the channels set: "phone", "e-mail", "app".
func (c Contact) channels() []string {
	var out []string
	for _, ch := range []struct{ name, v string }{{"phone", c.Phone}, {"e-mail", c.Email}, {"app", c.App}} {
		if ch.v != "" {
			out = append(out, ch.name)
		}
	}
	return out
}

// String names the channels set, not their values, e.g. "phone, e-mail",
// or "no contact".
func (c Contact) String() string {
	if c.IsZero() {
		return "no contact"
	}
	return strings.Join(c.channels(), ", ")
}

// Format makes every fmt verb, %#v included, print String.
func (c Contact) Format(f fmt.State, verb rune) { fmt.Fprint(f, c.String()) }

// LogValue implements slog.LogValuer with String: the channels set.
func (c Contact) LogValue() slog.Value { return slog.StringValue(c.String()) }

// HostID identifies a host across registrations: a keyed pseudonym of its
// BIN, or of its IIN when it has no BIN (see Pseudonyms). For an
// individual host it is personal data, like ForeignerID.
type HostID string

// Offender returns the offender category of penalty for this host, and the
// business size when it is an organisation (art. 518 prices fines by it).
// An organisation of unknown size gets size zero, which penalty refuses to
// price: a fine is never guessed for want of data.
func (h Host) Offender() (penalty.Offender, penalty.BusinessSize) {
	if h.Kind == HostIndividual {
		return penalty.HostIndividual, 0
	}
	return penalty.HostEntity, h.Size
}

// displayName is the host's name as String and LogValue show it: an
// organisation's name, as it is, only for an organisation named by its
// BIN; anyone else's as initials, "S. Z.": an individual, a host of the
// kind "other" or of no kind, and an entrepreneur's hotel named by IIN,
// whose name is often its owner's full name.
func (h Host) displayName() string {
	switch h.Kind {
	case HostHotel, HostDormitory, HostRestHouse, HostOrganisation:
		if !h.BIN.IsZero() {
			return h.Name
		}
	}
	return redact.Initials(h.Name)
}

// String describes the host with its numbers masked and an individual's
// name as initials, e.g. "hotel \"Rixos Almaty\" (BIN ********0385)" or
// "individual \"Z. S.\" (IIN ********0012)".
func (h Host) String() string {
	var ids []string
	if !h.BIN.IsZero() {
		ids = append(ids, "BIN "+h.BIN.String())
	}
	if !h.IIN.IsZero() {
		ids = append(ids, "IIN "+h.IIN.String())
	}
	kind := "host"
	if h.Kind != 0 {
		kind = h.Kind.String()
	}
	s := fmt.Sprintf("%s %q", kind, h.displayName())
	if len(ids) > 0 {
		s += " (" + strings.Join(ids, ", ") + ")"
	}
	return s
}

// Format makes every fmt verb print the masked String.
func (h Host) Format(f fmt.State, verb rune) { fmt.Fprint(f, h.String()) }

// LogValue implements slog.LogValuer: the kind and the name as String
// shows it, no numbers and no contact details.
func (h Host) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("kind", h.Kind.String()),
		slog.String("name", h.displayName()),
	)
}

// Validate returns every problem with the host as a *ValidationError
// (paths under "host."), or nil. A field over MaxTextBytes is reported
// first, alone, as a *LimitError.
func (h Host) Validate() error {
	if err := h.checkLimits("host"); err != nil {
		return err
	}
	var ps problems
	h.validate(&ps, "host")
	return ps.err()
}

func (h Host) validate(ps *problems, path string) {
	if h.Kind == 0 {
		ps.add(path+".kind", CodeRequired)
	} else if !h.Kind.IsValid() {
		ps.add(path+".kind", CodeInvalid)
	}
	ps.text(path, "name", h.Name, true)
	switch {
	case h.Kind == HostIndividual:
		if h.IIN.IsZero() {
			ps.add(path+".iin", CodeRequired)
		}
		if !h.BIN.IsZero() {
			ps.add(path+".bin", CodeNotAllowed)
		}
		if h.Size != 0 {
			ps.add(path+".size", CodeNotAllowed)
		}
	case h.Kind.IsValid():
		if h.BIN.IsZero() && h.IIN.IsZero() {
			ps.add(path+".bin", CodeRequired)
		}
		if h.Size != 0 && !h.Size.IsValid() {
			ps.add(path+".size", CodeInvalid)
		}
	}
	if h.Contact.IsZero() {
		ps.add(path+".contact", CodeRequired)
	}
	if p := h.Contact.Phone; p != "" && !isPhone(p) {
		ps.add(path+".contact.phone", CodeInvalid)
	}
	if e := h.Contact.Email; e != "" && (len(e) > maxText || strings.Count(e, "@") != 1 || strings.HasPrefix(e, "@") || strings.HasSuffix(e, "@") || !validText(e) || strings.ContainsAny(e, " \t")) {
		ps.add(path+".contact.email", CodeInvalid)
	}
	ps.text(path, "contact.app", h.Contact.App, false)
}

// isPhone accepts E.164: a plus and 8 to 15 digits.
func isPhone(s string) bool {
	if len(s) < 9 || len(s) > 16 || s[0] != '+' {
		return false
	}
	for i := 1; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
