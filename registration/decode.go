package registration

import (
	"bytes"
	"encoding"
	"encoding/json"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
)

// DecodeSubmission reads a submission from a client's JSON, in the form
// json.Marshal writes it (docs/wire.md), and reports every problem at
// once: a malformed IIN or BIN, a date that is not YYYY-MM-DD, an
// unknown code ("place": "motel"), a value of the wrong JSON type, and
// then every problem Validate finds in the rest, each with its field path
// and code, in one *ValidationError. json.Unmarshal, by contrast, stops at
// the first value it cannot read, before any validation, so a client
// hears of one problem per attempt.
//
// Like Validate it requires the ID ("id: required"). A client's request
// to the Service usually has none, the Service assigning it: read that
// with migreg.DecodeSubmitRequest, which leaves that problem out.
//
// Input that is not a JSON object is the problem {"", "invalid"} (an
// empty path names the input itself); a member that should be an object
// and is not is reported at its own path ("person: invalid"). Members the
// submission does not have are ignored, as json.Unmarshal ignores them;
// names are matched exactly (snake_case), not case-insensitively. On
// error the Submission holds what could be read, each value that could
// not be read left zero.
func DecodeSubmission(data []byte) (Submission, error) {
	var r rawReader
	s := r.submission("", data)
	var vs problems
	s.validate(&vs)
	for _, p := range vs.list {
		if !r.reported(p.Path) {
			r.ps.add(p.Path, p.Code)
		}
	}
	return s, r.ps.err()
}

// rawReader reads JSON member by member, collecting a problem for each
// value it cannot read instead of stopping at the first.
type rawReader struct {
	ps problems
}

// reported reports whether a problem is already listed at path or at
// one of its parents: a value that could not be read is not also
// "required".
func (r *rawReader) reported(path string) bool {
	for _, p := range r.ps.list {
		if p.Path == "" || p.Path == path || strings.HasPrefix(path, p.Path+".") {
			return true
		}
	}
	return false
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// isNull reports whether raw is absent or JSON null.
func isNull(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) == 0 || string(raw) == "null"
}

// object reads raw as a JSON object; absent or null is an empty object,
// anything else that is not an object is the problem {path, invalid}.
func (r *rawReader) object(path string, raw json.RawMessage) map[string]json.RawMessage {
	if isNull(raw) {
		return nil
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		r.ps.add(path, CodeInvalid)
		return nil
	}
	return m
}

// str reads a JSON string (absent or null: ""); any other value is the
// problem {path, invalid}.
func (r *rawReader) str(path string, raw json.RawMessage) string {
	if isNull(raw) {
		return ""
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		r.ps.add(path, CodeInvalid)
		return ""
	}
	return s
}

// text reads a JSON string with the UnmarshalText of T (a date, an IIN, a
// BIN, an enum's code): a string it refuses, or a value that is not a
// string, is the problem {path, invalid}.
func text[T any, PT interface {
	*T
	encoding.TextUnmarshaler
}](r *rawReader, path string, raw json.RawMessage) T {
	var v T
	if isNull(raw) {
		return v
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil || PT(&v).UnmarshalText([]byte(s)) != nil {
		r.ps.add(path, CodeInvalid)
		var zero T
		return zero
	}
	return v
}

func (r *rawReader) submission(path string, data []byte) Submission {
	if isNull(data) {
		r.ps.add(path, CodeInvalid)
		return Submission{}
	}
	m := r.object(path, data)
	if m == nil {
		return Submission{} // not an object: reported
	}
	return Submission{
		ID:         ID(r.str(join(path, "id"), m["id"])),
		Person:     r.person(join(path, "person"), m["person"]),
		Host:       r.host(join(path, "host"), m["host"]),
		Address:    r.address(join(path, "address"), m["address"]),
		Place:      text[Place](r, join(path, "place"), m["place"]),
		Entry:      text[calendar.Date](r, join(path, "entry"), m["entry"]),
		MovedFrom:  ID(r.str(join(path, "moved_from"), m["moved_from"])),
		MovedOn:    text[calendar.Date](r, join(path, "moved_on"), m["moved_on"]),
		Guardian:   ID(r.str(join(path, "guardian"), m["guardian"])),
		PlannedEnd: text[calendar.Date](r, join(path, "planned_end"), m["planned_end"]),
	}
}

func (r *rawReader) person(path string, raw json.RawMessage) Person {
	m := r.object(path, raw)
	return Person{
		Surname:            r.str(join(path, "surname"), m["surname"]),
		GivenNames:         r.str(join(path, "given_names"), m["given_names"]),
		CyrillicSurname:    r.str(join(path, "cyrillic_surname"), m["cyrillic_surname"]),
		CyrillicGivenNames: r.str(join(path, "cyrillic_given_names"), m["cyrillic_given_names"]),
		CyrillicPatronymic: r.str(join(path, "cyrillic_patronymic"), m["cyrillic_patronymic"]),
		BirthDate:          text[calendar.Date](r, join(path, "birth_date"), m["birth_date"]),
		Sex:                text[kzid.Sex](r, join(path, "sex"), m["sex"]),
		Citizenship:        r.str(join(path, "citizenship"), m["citizenship"]),
		Document:           r.document(join(path, "document"), m["document"]),
		IIN:                text[kzid.IIN](r, join(path, "iin"), m["iin"]),
	}
}

func (r *rawReader) document(path string, raw json.RawMessage) Document {
	m := r.object(path, raw)
	return Document{
		Kind:           text[DocumentKind](r, join(path, "kind"), m["kind"]),
		Number:         r.str(join(path, "number"), m["number"]),
		IssuingCountry: r.str(join(path, "issuing_country"), m["issuing_country"]),
		Expiry:         text[calendar.Date](r, join(path, "expiry"), m["expiry"]),
	}
}

func (r *rawReader) host(path string, raw json.RawMessage) Host {
	m := r.object(path, raw)
	return Host{
		Kind:    text[HostKind](r, join(path, "kind"), m["kind"]),
		Name:    r.str(join(path, "name"), m["name"]),
		IIN:     text[kzid.IIN](r, join(path, "iin"), m["iin"]),
		BIN:     text[kzid.BIN](r, join(path, "bin"), m["bin"]),
		Size:    text[penalty.BusinessSize](r, join(path, "size"), m["size"]),
		Contact: r.contact(join(path, "contact"), m["contact"]),
	}
}

func (r *rawReader) contact(path string, raw json.RawMessage) Contact {
	m := r.object(path, raw)
	return Contact{
		Phone: r.str(join(path, "phone"), m["phone"]),
		Email: r.str(join(path, "email"), m["email"]),
		App:   r.str(join(path, "app"), m["app"]),
	}
}

func (r *rawReader) address(path string, raw json.RawMessage) Address {
	m := r.object(path, raw)
	return Address{
		Region:   r.str(join(path, "region"), m["region"]),
		Locality: r.str(join(path, "locality"), m["locality"]),
		Street:   r.str(join(path, "street"), m["street"]),
		Building: r.str(join(path, "building"), m["building"]),
		Unit:     r.str(join(path, "unit"), m["unit"]),
		KATO:     r.str(join(path, "kato"), m["kato"]),
	}
}
