package certificate

import (
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/internal/printable"
	"github.com/migreg/migreg/registration"
)

// ErrInvalid is matched by a *FieldError: a certificate, or the
// registration it is to be issued from, has a field that the canonical
// encoding cannot carry.
var ErrInvalid = errors.New("certificate: invalid certificate")

// FieldError reports a field that the canonical encoding cannot carry: a
// missing required field, text that is too long or holds control
// characters, a number that is not masked, an undefined enum value, or
// dates out of order. It matches ErrInvalid.
type FieldError struct {
	// Field is the certificate field, as a JSON path: "holder.surname",
	// "address.street", "valid_until".
	Field string `json:"field"`
	// Problem is a stable code: "required", "too_long", "invalid_text",
	// "not_masked", "invalid", "out_of_range", "before_valid_from",
	// "unsupported_version".
	Problem string `json:"problem"`
}

// Error implements the error interface.
func (e *FieldError) Error() string {
	return fmt.Sprintf("certificate: invalid certificate: %s: %s", e.Field, e.Problem)
}

// Unwrap returns ErrInvalid.
func (e *FieldError) Unwrap() error { return ErrInvalid }

// Limits of the canonical encoding.
const (
	// maxText bounds every text field, in bytes; the registration package
	// allows 200.
	maxText = 255
	// maxHidden and maxVisible bound a masked number: at most 64 hidden
	// characters, and at most 4 visible ones, so that no full document
	// number, IIN or BIN can ever be carried.
	maxHidden  = 64
	maxVisible = 4
	// maxKeyID bounds a key ID.
	maxKeyID = 32
	// maxUnix is 9999-12-31T23:59:59Z.
	maxUnix = 253402300799
)

// epoch is the day from which the encoding counts dates.
func epoch() calendar.Date { return calendar.NewDate(1970, time.January, 1) }

// epochDays is epoch().DaysSince(calendar.Date{}) (a test pins it): the
// encoding counts days from the epoch, and computing the epoch's date on
// every certificate cost more than the rest of the field.
const epochDays = 719163

// sinceEpoch returns the days from the epoch to d.
func sinceEpoch(d calendar.Date) int { return d.DaysSince(calendar.Date{}) - epochDays }

// The field problems.
const (
	probRequired    = "required"
	probTooLong     = "too_long"
	probText        = "invalid_text"
	probNotMasked   = "not_masked"
	probInvalid     = "invalid"
	probRange       = "out_of_range"
	probOrder       = "before_valid_from"
	probUnsupported = "unsupported_version"
	probNotAllowed  = "not_allowed"
)

// check reports the first field of c that the encoding cannot carry, in
// the order of the encoding. Encoding and decoding both apply it, so the
// decoder accepts exactly what the encoder writes.
func (c *Certificate) check() *FieldError {
	type field struct {
		name, problem string
	}
	var f field
	text := func(name, s string, required bool) bool {
		if p := textProblem(s, required, maxText); p != "" {
			f = field{name, p}
			return false
		}
		return true
	}
	masked := func(name, s string, required bool) bool {
		if p := maskedProblem(s, required); p != "" {
			f = field{name, p}
			return false
		}
		return true
	}
	h, a := &c.Holder, &c.Address
	ok := func() bool {
		switch {
		case c.FormatVersion != Format2:
			f = field{"format_version", probUnsupported}
		case c.Number.IsZero():
			f = field{"number", probRequired}
		case !text("holder.surname", h.Surname, true):
		case !text("holder.given_names", h.GivenNames, false):
		case !text("holder.citizenship", h.Citizenship, true):
		case !h.DocumentKind.IsValid():
			f = field{"holder.document_kind", probInvalid}
		case !masked("holder.document_number", h.DocumentNumber, true):
		case !text("address.region", a.Region, false):
		case !text("address.locality", a.Locality, false):
		case !text("address.street", a.Street, false):
		case !text("address.building", a.Building, false):
		case !text("address.unit", a.Unit, false):
		case !text("address.kato", a.KATO, false):
		case !c.Place.IsValid():
			f = field{"place", probInvalid}
		case !c.Host.Kind.IsValid():
			f = field{"host.kind", probInvalid}
		case !namesOrganisation(c.Host.Kind) && c.Host.Name != "":
			f = field{"host.name", probNotAllowed}
		case !text("host.name", c.Host.Name, false):
		case c.IssuedAt.IsZero():
			f = field{"issued_at", probRequired}
		case c.IssuedAt.Unix() < 0 || c.IssuedAt.Unix() > maxUnix || c.IssuedAt.Nanosecond() != 0:
			f = field{"issued_at", probRange}
		case c.ValidFrom.IsZero():
			f = field{"valid_from", probRequired}
		case sinceEpoch(c.ValidFrom) < 0:
			f = field{"valid_from", probRange}
		case c.ValidUntil.IsZero():
			f = field{"valid_until", probRequired}
		case c.ValidUntil.Before(c.ValidFrom):
			f = field{"valid_until", probOrder}
		case !validKeyID(c.KeyID):
			f = field{"key_id", probInvalid}
		default:
			return true
		}
		return false
	}()
	if ok {
		return nil
	}
	return &FieldError{Field: f.name, Problem: f.problem}
}

// textProblem checks a text field: at most max bytes of UTF-8 without
// control characters or bidirectional controls (which could make a printed
// certificate show something other than what was signed), and not blank
// when required.
func textProblem(s string, required bool, max int) string {
	switch {
	case len(s) > max:
		return probTooLong
	case blank(s):
		if required {
			return probRequired
		}
		if s != "" {
			return probText
		}
		return ""
	case !validText(s):
		return probText
	}
	return ""
}

// validText is the rule of every text a certificate carries:
// printable.Text, which the domain's checks apply too, so that
// a submission they accept can be certified.
func validText(s string) bool { return printable.Text(s) }

// blank reports whether s is empty or only white space, like
// strings.TrimSpace(s) == "", without trimming anything.
func blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) {
			return false
		}
	}
	return true
}

// maskedProblem checks a masked number: some asterisks and then at most
// four visible characters.
func maskedProblem(s string, required bool) string {
	if s == "" {
		if required {
			return probRequired
		}
		return ""
	}
	hidden, visible := splitMasked(s)
	switch {
	case hidden > maxHidden:
		return probTooLong
	case utf8.RuneCountInString(visible) > maxVisible:
		return probNotMasked
	case !validText(visible) || strings.TrimSpace(visible) != visible:
		return probText
	}
	return ""
}

// splitMasked returns the count of leading asterisks and the rest.
func splitMasked(s string) (int, string) {
	i := 0
	for i < len(s) && s[i] == '*' {
		i++
	}
	return i, s[i:]
}

// validKeyID accepts 1 to 32 ASCII letters, digits, dots, dashes and
// underscores, such as "2026-1".
func validKeyID(id string) bool {
	if id == "" || len(id) > maxKeyID {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '.' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// appendEncoding appends the canonical encoding of c (version 2) to b.
// The layout is documented in doc.go; keep the two in step.
func (c *Certificate) appendEncoding(b []byte) ([]byte, error) {
	if err := c.check(); err != nil {
		return b, err
	}
	h, a := &c.Holder, &c.Address
	b = append(b, Format2)
	b = binary.BigEndian.AppendUint64(b, c.Number.value())
	b = appendText(b, h.Surname)
	b = appendText(b, h.GivenNames)
	b = appendText(b, h.Citizenship)
	b = append(b, byte(h.DocumentKind))
	b = appendMasked(b, h.DocumentNumber)
	for _, s := range [...]string{a.Region, a.Locality, a.Street, a.Building, a.Unit, a.KATO} {
		b = appendText(b, s)
	}
	b = append(b, byte(c.Place), byte(c.Host.Kind))
	b = appendText(b, c.Host.Name)
	b = binary.AppendUvarint(b, uint64(c.IssuedAt.Unix()))
	b = binary.AppendUvarint(b, uint64(sinceEpoch(c.ValidFrom)))
	b = binary.AppendUvarint(b, uint64(c.ValidUntil.DaysSince(c.ValidFrom)))
	b = appendText(b, c.KeyID)
	return b, nil
}

func appendText(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendMasked(b []byte, s string) []byte {
	hidden, visible := splitMasked(s)
	b = binary.AppendUvarint(b, uint64(hidden))
	return appendText(b, visible)
}

// Encode returns the canonical encoding of c, the bytes its signature
// covers (after the domain-separation prefix, see the package
// documentation). The signature is not part of it. A certificate the
// encoding cannot carry is a *FieldError matching ErrInvalid.
func (c Certificate) Encode() ([]byte, error) {
	b, err := c.appendEncoding(make([]byte, 0, 256))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// decoder reads a canonical encoding held in a string, so that every text
// field is a substring of one allocation.
type decoder struct {
	s   string
	off int
	err *DecodeError
}

func (d *decoder) fail(field, problem string, off int) {
	if d.err == nil {
		d.err = &DecodeError{Field: field, Problem: problem, Offset: off}
	}
}

func (d *decoder) byte(field string) byte {
	if d.err != nil {
		return 0
	}
	if d.off >= len(d.s) {
		d.fail(field, "truncated", d.off)
		return 0
	}
	c := d.s[d.off]
	d.off++
	return c
}

// uvarint reads a minimally encoded unsigned varint of at most max.
func (d *decoder) uvarint(field string, max uint64) uint64 {
	if d.err != nil {
		return 0
	}
	start := d.off
	var v uint64
	for shift := uint(0); ; shift += 7 {
		if d.off >= len(d.s) {
			d.fail(field, "truncated", start)
			return 0
		}
		c := d.s[d.off]
		d.off++
		if shift == 63 && c > 1 {
			d.fail(field, "varint_overflow", start)
			return 0
		}
		v |= uint64(c&0x7f) << shift
		if c < 0x80 {
			if c == 0 && d.off-start > 1 {
				d.fail(field, "varint_not_minimal", start)
				return 0
			}
			break
		}
	}
	if v > max {
		d.fail(field, probRange, start)
		return 0
	}
	return v
}

func (d *decoder) text(field string) string {
	n := int(d.uvarint(field, maxText))
	if d.err != nil {
		return ""
	}
	if len(d.s)-d.off < n {
		d.fail(field, "truncated", d.off)
		return ""
	}
	s := d.s[d.off : d.off+n]
	d.off += n
	return s
}

func (d *decoder) masked(field string) string {
	start := d.off
	hidden := int(d.uvarint(field, maxHidden))
	visible := d.text(field)
	if d.err != nil {
		return ""
	}
	if strings.HasPrefix(visible, "*") {
		// The encoder counts every leading asterisk as hidden.
		d.fail(field, "not_canonical", start)
		return ""
	}
	if hidden == 0 {
		return visible
	}
	return strings.Repeat("*", hidden) + visible
}

// decodeCertificate decodes a canonical encoding at the start of s and
// returns the certificate, without its signature, and the length of the
// encoding.
func decodeCertificate(s string) (Certificate, int, error) {
	d := decoder{s: s}
	var c Certificate
	if v := d.byte("format_version"); d.err == nil && v != Format2 {
		d.fail("format_version", probUnsupported, 0)
	}
	c.FormatVersion = Format2
	if d.err == nil {
		if len(d.s)-d.off < 8 {
			d.fail("number", "truncated", d.off)
		} else {
			var v uint64
			for i := range 8 {
				v = v<<8 | uint64(d.s[d.off+i])
			}
			if v >= numberSpace {
				d.fail("number", probRange, d.off)
			}
			c.Number = numberOf(v % numberSpace)
			d.off += 8
		}
	}
	h, a := &c.Holder, &c.Address
	h.Surname = d.text("holder.surname")
	h.GivenNames = d.text("holder.given_names")
	h.Citizenship = d.text("holder.citizenship")
	h.DocumentKind = registration.DocumentKind(d.byte("holder.document_kind"))
	h.DocumentNumber = d.masked("holder.document_number")
	a.Region = d.text("address.region")
	a.Locality = d.text("address.locality")
	a.Street = d.text("address.street")
	a.Building = d.text("address.building")
	a.Unit = d.text("address.unit")
	a.KATO = d.text("address.kato")
	c.Place = registration.Place(d.byte("place"))
	c.Host.Kind = registration.HostKind(d.byte("host.kind"))
	c.Host.Name = d.text("host.name")
	if unix := d.uvarint("issued_at", maxUnix); d.err == nil {
		c.IssuedAt = time.Unix(int64(unix), 0).UTC()
	}
	const maxDays = 3_000_000 // beyond 9999-12-31 from 1970
	if days := d.uvarint("valid_from", maxDays); d.err == nil {
		c.ValidFrom = epoch().AddDays(int(days))
		if c.ValidFrom.IsZero() {
			d.fail("valid_from", probRange, d.off)
		}
	}
	if days := d.uvarint("valid_until", maxDays); d.err == nil {
		c.ValidUntil = c.ValidFrom.AddDays(int(days))
		if c.ValidUntil.IsZero() {
			d.fail("valid_until", probRange, d.off)
		}
	}
	c.KeyID = d.text("key_id")
	if d.err != nil {
		return Certificate{}, 0, d.err
	}
	if fe := c.check(); fe != nil {
		return Certificate{}, 0, &DecodeError{Field: fe.Field, Problem: fe.Problem, Offset: -1}
	}
	return c, d.off, nil
}
