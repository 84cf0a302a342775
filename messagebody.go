package migreg

import (
	"strings"
	"unicode/utf8"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
)

// messageBody is the JSON body of the notifications about a registration
// (see the Notify constants for which fields each kind carries). The tags
// define the format; appendJSON writes exactly what encoding/json would
// write for them (a test holds it to that), without reflection, because
// every submit and confirm writes one.
type messageBody struct {
	Registration registration.ID        `json:"registration"`
	Event        registration.EventType `json:"event"`
	On           calendar.Date          `json:"on"`
	HostDue      calendar.Date          `json:"host_due,omitzero"`
	Address      string                 `json:"address,omitempty"`
	Place        registration.Place     `json:"place,omitzero"`
	Entry        calendar.Date          `json:"entry,omitzero"`
	Reason       *registration.Reason   `json:"reason,omitempty"`
	ValidUntil   calendar.Date          `json:"valid_until,omitzero"`
	Certificate  string                 `json:"certificate,omitempty"`

	// addr, when set, is written as Address would be with addr.String(),
	// without building that string: a host request carries the address.
	addr *registration.Address
}

// appendJSON appends the body as json.Marshal would encode it. The error
// is that of an enum with no name, as with json.Marshal.
func (m *messageBody) appendJSON(b []byte) ([]byte, error) {
	b = append(b, `{"registration":`...)
	b = appendJSONString(b, string(m.Registration))
	b = append(b, `,"event":`...)
	if !m.Event.IsValid() {
		_, err := m.Event.MarshalText() // the error json.Marshal reports
		return b, err
	}
	b = appendJSONString(b, m.Event.String())
	b = appendJSONDate(append(b, `,"on":`...), m.On)
	if !m.HostDue.IsZero() {
		b = appendJSONDate(append(b, `,"host_due":`...), m.HostDue)
	}
	switch {
	case m.addr != nil:
		b = appendJSONAddress(b, m.addr)
	case m.Address != "":
		b = appendJSONString(append(b, `,"address":`...), m.Address)
	}
	if m.Place != 0 {
		if !m.Place.IsValid() {
			_, err := m.Place.MarshalText()
			return b, err
		}
		b = appendJSONString(append(b, `,"place":`...), m.Place.String())
	}
	if !m.Entry.IsZero() {
		b = appendJSONDate(append(b, `,"entry":`...), m.Entry)
	}
	if m.Reason != nil {
		if !m.Reason.Code.IsValid() {
			_, err := m.Reason.Code.MarshalText()
			return b, err
		}
		b = appendJSONString(append(b, `,"reason":{"code":`...), m.Reason.Code.String())
		if m.Reason.Note != "" {
			b = appendJSONString(append(b, `,"note":`...), m.Reason.Note)
		}
		b = append(b, '}')
	}
	if !m.ValidUntil.IsZero() {
		b = appendJSONDate(append(b, `,"valid_until":`...), m.ValidUntil)
	}
	if m.Certificate != "" {
		b = appendJSONString(append(b, `,"certificate":`...), m.Certificate)
	}
	return append(b, '}'), nil
}

// appendJSONDate appends a date as its text, "" for the zero date.
func appendJSONDate(b []byte, d calendar.Date) []byte {
	b = append(b, '"')
	b, _ = d.AppendText(b) // never fails
	return append(b, '"')
}

// appendJSONString appends s as encoding/json quotes it: HTML-sensitive
// characters, control characters, U+2028 and U+2029 escaped, and invalid
// UTF-8 replaced by U+FFFD.
func appendJSONString(b []byte, s string) []byte {
	return append(appendJSONText(append(b, '"'), s), '"')
}

// appendJSONAddress appends the address field as `,"address":` and the
// quoted a.String(), or nothing when that is empty (omitempty), writing
// each part in place instead of joining them first.
func appendJSONAddress(b []byte, a *registration.Address) []byte {
	parts := [...]string{a.Region, a.Locality, a.Street, a.Building, a.Unit}
	first := true
	for _, p := range parts {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		if first {
			b = append(b, `,"address":"`...)
		} else {
			b = append(b, ", "...)
		}
		first = false
		b = appendJSONText(b, p)
	}
	if !first {
		b = append(b, '"')
	}
	return b
}

// runeLen returns the length of the UTF-8 sequence that the leading byte
// c (not ASCII, in valid UTF-8) begins.
func runeLen(c byte) int {
	switch {
	case c >= 0xF0:
		return 4
	case c >= 0xE0:
		return 3
	}
	return 2
}

// jsonPlain has a '1' for each ASCII byte appendJSONText copies as it is,
// and a '0' for those it escapes: one lookup per byte instead of six
// comparisons (a test holds it to that definition).
const jsonPlain = "" +
	"00000000000000000000000000000000" +
	"11011101111111111111111111110101" +
	"11111111111111111111111111110111" +
	"11111111111111111111111111111111"

// appendJSONText is appendJSONString without the quotes.
func appendJSONText(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	start := 0
	checked, valid := false, false
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if jsonPlain[c] == '1' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		if !checked { // the first byte past ASCII: is the rest valid UTF-8?
			checked, valid = true, utf8.ValidString(s[i:])
		}
		if valid {
			// Nothing to decode: only U+2028 and U+2029 (E2 80 A8 and
			// E2 80 A9) are escaped; every other sequence is copied whole.
			if s[i] == 0xE2 && i+2 < len(s) && s[i+1] == 0x80 && s[i+2]&^1 == 0xA8 {
				b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[s[i+2]&0xF])
				i += 3
				start = i
				continue
			}
			i += runeLen(s[i])
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}
