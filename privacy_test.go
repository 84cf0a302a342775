package migreg_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store"
)

// The personal data the privacy test plants in every value, and must never
// find in a log record or a fmt output.
const (
	secretSurname      = "KARIMOVA"
	secretGivenNames   = "ZULFIYAKHON DILBAROVNA"
	secretCyrSurname   = "Каримова"
	secretCyrGiven     = "Зульфияхон"
	secretPatronymic   = "Дильбаровна"
	secretDocNumber    = "FA7654321"
	secretHostName     = "Sarsenbayeva Zhanargul"
	secretPhone        = "+77015550123"
	secretEmail        = "zulfiya.k@mail.example"
	secretApp          = "app-7f3c9e1d5b"
	secretBIN          = "940140000385"
	secretDocCountry   = "UZB"
	secretIINSerial    = 4321
	secretOrganisation = "Hotel Almaty" // an organisation's name is not personal data
	secretStreet       = "Zhandosov Street"
	secretBuilding     = "17Q" // not hex: no pointer printed with %X holds it
	secretUnit         = "flat 406"
	secretRegion       = "Алматы" // shown: the region and locality are not where in a city one lives
)

// secrets returns what the privacy test must never find: the planted
// document number, IIN, BIN, phone, e-mail, given names (in full or any
// one of them), an individual host's name, the app handle, and the
// pseudonymous IDs of the person and the host.
func secrets(t testing.TB) []string {
	p, h := secretPerson(t), secretIndividualHost(t)
	out := []string{
		secretDocNumber, strings.TrimPrefix(secretDocNumber, "FA"),
		p.IIN.Digits(), h.IIN.Digits(), secretBIN,
		secretPhone, strings.TrimPrefix(secretPhone, "+"), secretEmail, secretApp,
		secretCyrGiven, secretPatronymic, secretHostName, secretSurname, secretCyrSurname,
		secretStreet, secretBuilding, secretUnit,
		string(fid(p)), string(hid(h)), string(hid(secretOrganisationHost(t))),
	}
	out = append(out, strings.Fields(secretGivenNames)...)
	return append(out, strings.Fields(secretHostName)...)
}

func secretIIN(t testing.TB) kzid.IIN {
	n, err := kzid.NewIIN(calendar.MustParseDate("1991-04-23"), kzid.Female, secretIINSerial)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func secretPerson(t testing.TB) registration.Person {
	return registration.Person{
		Surname: secretSurname, GivenNames: secretGivenNames,
		CyrillicSurname: secretCyrSurname, CyrillicGivenNames: secretCyrGiven, CyrillicPatronymic: secretPatronymic,
		BirthDate: calendar.MustParseDate("1991-04-23"), Sex: kzid.Female, Citizenship: secretDocCountry,
		Document: registration.Document{
			Kind: registration.Passport, Number: secretDocNumber, IssuingCountry: secretDocCountry,
			Expiry: calendar.MustParseDate("2031-01-31"),
		},
		IIN: secretIIN(t),
	}
}

func secretContact() registration.Contact {
	return registration.Contact{Phone: secretPhone, Email: secretEmail, App: secretApp}
}

func secretIndividualHost(t testing.TB) registration.Host {
	n, err := kzid.NewIIN(calendar.MustParseDate("1971-02-09"), kzid.Female, 3307)
	if err != nil {
		t.Fatal(err)
	}
	return registration.Host{Kind: registration.HostIndividual, Name: secretHostName, IIN: n, Contact: secretContact()}
}

func secretOrganisationHost(t testing.TB) registration.Host {
	bin, err := kzid.ParseBIN(secretBIN)
	if err != nil {
		t.Fatal(err)
	}
	return registration.Host{Kind: registration.HostHotel, Name: secretOrganisation, BIN: bin, Contact: secretContact()}
}

// filler plants personal data in a zero value by reflection: each type
// that holds personal data gets a complete value full of it, and every
// other struct, pointer, slice and map is filled field by field, so that
// a type added later is filled without changing the test.
type filler struct {
	byType map[reflect.Type]reflect.Value
	// err fills every field of type error: what the library returns for
	// a malformed IIN, which quotes the input, wrapped as a store's
	// error about a reminder, whose ID holds the foreigner's.
	err error
	// byName fills plain string fields by name, for personal data a new
	// type may keep in a string.
	byName map[string]string
}

func newFiller(t testing.TB) *filler {
	p, h := secretPerson(t), secretIndividualHost(t)
	values := []any{
		p, p.Document, h, secretContact(), p.IIN,
		fid(p), hid(h),
		calendar.MustParseDate("2026-07-01"),
		time.Date(2026, time.July, 1, 10, 0, 0, 0, time.UTC),
		certificate.Holder{Surname: secretSurname, GivenNames: secretGivenNames, Citizenship: secretDocCountry, DocumentKind: registration.Passport, DocumentNumber: secretDocNumber},
		certificate.Host{Kind: registration.HostIndividual, Name: secretHostName},
		registration.Actor{Kind: registration.ActorForeigner, ID: string(fid(p))},
		registration.Address{Region: secretRegion, Street: secretStreet, Building: secretBuilding, Unit: secretUnit},
		// A key's secret holds a planted secret: no output may show it.
		registration.PseudonymKey{ID: "k1", Secret: []byte("secret " + secretDocNumber + " of the pseudonym key")},
	}
	bin, err := kzid.ParseBIN(secretBIN)
	if err != nil {
		t.Fatal(err)
	}
	values = append(values, bin)
	f := &filler{byType: map[reflect.Type]reflect.Value{}, byName: map[string]string{
		"ID": string(fid(p)), "To": string(hid(h)), "Key": "foreigner:" + string(fid(p)) + "|k",
		// A client may make its key of what identifies the guest.
		"IdempotencyKey": "booking/" + secretDocNumber,
		"Surname":        secretSurname, "GivenNames": secretGivenNames, "CyrillicGivenNames": secretCyrGiven,
		"CyrillicPatronymic": secretPatronymic, "DocumentNumber": secretDocNumber,
		"Phone": secretPhone, "Email": secretEmail, "App": secretApp,
	}}
	for _, v := range values {
		rv := reflect.ValueOf(v)
		f.byType[rv.Type()] = rv
	}
	digits := p.IIN.Digits()
	_, iinErr := kzid.ParseIIN(digits[:11] + string('0'+(digits[11]-'0'+1)%10))
	if iinErr == nil {
		t.Fatal("an IIN with a wrong check digit parsed")
	}
	f.err = fmt.Errorf("%w: message reminder/registration/%s/2026-07-01: %w", store.ErrNotFound, string(fid(p)), iinErr)
	return f
}

// sentinelFields are the error fields documented to hold one of their
// package's own sentinels, whose texts carry no personal data, and which
// JSON carries as a code: the filler puts one of them there, not a
// store's error that names a reminder. Every other error field may hold
// any error, and the type must mask what its text says.
var sentinelFields = map[string]error{
	"calendar.AdditionError.Err":     calendar.ErrDuplicate,
	"stay.CitizenshipError.Err":      stay.ErrVisaRequired,
	"certificate.VerifyError.Reason": certificate.ErrExpired,
}

// value returns a value of type t full of personal data.
func (f *filler) value(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	f.fill(v, 0)
	return v
}

func (f *filler) fill(v reflect.Value, depth int) {
	if depth > 6 || !v.CanSet() {
		return
	}
	if known, ok := f.byType[v.Type()]; ok {
		v.Set(known)
		return
	}
	if v.Type() == reflect.TypeFor[error]() {
		v.Set(reflect.ValueOf(f.err))
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		for i := range v.NumField() {
			sf := v.Type().Field(i)
			if !sf.IsExported() {
				continue
			}
			fv := v.Field(i)
			if s, ok := f.byName[sf.Name]; ok && fv.Type() == reflect.TypeFor[string]() {
				fv.SetString(s)
				continue
			}
			if sentinel, ok := sentinelFields[v.Type().String()+"."+sf.Name]; ok {
				fv.Set(reflect.ValueOf(sentinel))
				continue
			}
			f.fill(fv, depth+1)
		}
	case reflect.Pointer:
		if v.Type().Elem().Kind() == reflect.Struct {
			p := reflect.New(v.Type().Elem())
			f.fill(p.Elem(), depth+1)
			v.Set(p)
		}
	case reflect.Slice:
		if v.Type().Elem() == reflect.TypeFor[byte]() {
			// A body: JSON with personal data in it.
			v.SetBytes([]byte(`{"phone":"` + secretPhone + `","document":"` + secretDocNumber + `"}`))
			return
		}
		s := reflect.MakeSlice(v.Type(), 1, 1)
		f.fill(s.Index(0), depth+1)
		v.Set(s)
	case reflect.Map:
		m := reflect.MakeMap(v.Type())
		k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
		f.fill(k, depth+1)
		f.fill(e, depth+1)
		m.SetMapIndex(k, e)
		v.Set(m)
	}
}

// fmtVerbs are the verbs the privacy test prints every value with.
var fmtVerbs = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d"}

// outputs returns everything fmt and slog write for the value v of type
// t: every verb of the value itself, of a pointer to it, and of it inside
// a slice, a map and an exported struct field; and a record of slog's
// JSON and text handlers with the value (and a pointer to it) as the
// attribute.
func outputs(t reflect.Type, v reflect.Value) map[string]string {
	ptr := reflect.New(t)
	ptr.Elem().Set(v)
	slice := reflect.MakeSlice(reflect.SliceOf(t), 1, 1)
	slice.Index(0).Set(v)
	m := reflect.MakeMap(reflect.MapOf(reflect.TypeFor[string](), t))
	m.SetMapIndex(reflect.ValueOf("k"), v)
	field := reflect.New(reflect.StructOf([]reflect.StructField{{Name: "F", Type: t}})).Elem()
	field.Field(0).Set(v)
	shapes := map[string]any{
		"value": v.Interface(), "pointer": ptr.Interface(), "slice": slice.Interface(),
		"map": m.Interface(), "field": field.Interface(),
	}
	out := map[string]string{}
	for shape, x := range shapes {
		for _, verb := range fmtVerbs {
			out[shape+" "+verb] = fmt.Sprintf(verb, x)
		}
	}
	for _, attr := range []string{"value", "pointer"} {
		var jb, tb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("m", "v", shapes[attr])
		slog.New(slog.NewTextHandler(&tb, nil)).Info("m", "v", shapes[attr])
		out["slog JSON "+attr] = jb.String()
		out["slog text "+attr] = tb.String()
	}
	return out
}

// TestNoPersonalDataInLogs walks every exported type of the module (the
// list TestExportedTypesListed keeps), fills a value of each with
// personal data, and fails if any fmt verb or slog record of it, as
// outputs makes them, shows a document number, an IIN, a BIN, a phone,
// an e-mail, given names, an individual host's name or a pseudonymous
// ID.
//
// slog resolves LogValue only for the attribute itself: a slice or a
// struct of library values logged whole through the JSON handler is
// written in its JSON form, personal data included (see docs/wire.md,
// "Logs"), so those shapes are checked under fmt only.
func TestNoPersonalDataInLogs(t *testing.T) {
	f := newFiller(t)
	needles := secrets(t)
	checked := 0
	planted := map[reflect.Type]bool{}
	for _, typ := range exportedTypes {
		if typ.Kind() == reflect.Interface {
			continue // no value of its own
		}
		v := f.value(typ)
		checked++
		planted[typ] = holds(v, needles)
		for where, out := range outputs(typ, v) {
			for _, s := range needles {
				if strings.Contains(out, s) {
					t.Errorf("%v, %s, shows %q:\n%s", typ, where, s, out)
					break
				}
			}
		}
	}
	// Not vacuous: every type was visited, and the filler planted
	// personal data in the types that hold it.
	if checked < 150 {
		t.Errorf("checked %d types; want every exported type of the module (more than 150)", checked)
	}
	for _, typ := range mustHoldSecrets {
		if !planted[typ] {
			t.Errorf("the filler planted no personal data in %v", typ)
		}
	}
	n := 0
	for _, ok := range planted {
		if ok {
			n++
		}
	}
	t.Logf("checked %d types, %d of them holding planted personal data", checked, n)
	if n < 30 {
		t.Errorf("personal data planted in %d types; want more than 30", n)
	}
}

// mustHoldSecrets are types the privacy test must fill with personal
// data, so that it is known to test what matters.
var mustHoldSecrets = []reflect.Type{
	reflect.TypeFor[registration.Person](), reflect.TypeFor[registration.Host](), reflect.TypeFor[registration.Contact](),
	reflect.TypeFor[registration.Document](), reflect.TypeFor[registration.Registration](), reflect.TypeFor[registration.Submission](),
	reflect.TypeFor[registration.Event](), reflect.TypeFor[registration.Violation](), reflect.TypeFor[registration.Dossier](),
	reflect.TypeFor[registration.Actor](), reflect.TypeFor[registration.ForeignerID](), reflect.TypeFor[registration.HostID](),
	reflect.TypeFor[kzid.IIN](), reflect.TypeFor[kzid.BIN](),
	reflect.TypeFor[migreg.Status](), reflect.TypeFor[migreg.BatchResult](), reflect.TypeFor[migreg.SubmitRequest](),
	reflect.TypeFor[migreg.MoveRequest](), reflect.TypeFor[migreg.Notification](), reflect.TypeFor[migreg.Deadline](),
	reflect.TypeFor[store.Deadline](), reflect.TypeFor[store.Message](), reflect.TypeFor[store.IdempotencyRecord](),
	reflect.TypeFor[certificate.Certificate](), reflect.TypeFor[certificate.Holder](), reflect.TypeFor[certificate.Host](),
	reflect.TypeFor[registration.ForbiddenError](), reflect.TypeFor[migreg.GroupRequest](), reflect.TypeFor[migreg.GroupMember](),
	reflect.TypeFor[migreg.GroupResult](), reflect.TypeFor[migreg.MemberResult](), reflect.TypeFor[migreg.GroupError](),
}

// holds reports whether v holds any of the needles: in its JSON, or in a
// string anywhere inside it (unexported fields and errors included).
func holds(v reflect.Value, needles []string) bool {
	if b, err := json.Marshal(v.Interface()); err == nil && containsAny(string(b), needles) {
		return true
	}
	var walk func(v reflect.Value, depth int) bool
	walk = func(v reflect.Value, depth int) bool {
		if depth > 10 || !v.IsValid() {
			return false
		}
		switch v.Kind() {
		case reflect.String:
			return containsAny(v.String(), needles)
		case reflect.Slice, reflect.Array:
			if v.Type().Elem().Kind() == reflect.Uint8 && v.Kind() == reflect.Slice {
				return containsAny(string(v.Bytes()), needles)
			}
			for i := range v.Len() {
				if walk(v.Index(i), depth+1) {
					return true
				}
			}
		case reflect.Struct:
			for i := range v.NumField() {
				if walk(v.Field(i), depth+1) {
					return true
				}
			}
		case reflect.Pointer, reflect.Interface:
			return walk(v.Elem(), depth+1)
		case reflect.Map:
			for it := v.MapRange(); it.Next(); {
				if walk(it.Key(), depth+1) || walk(it.Value(), depth+1) {
					return true
				}
			}
		}
		return false
	}
	return walk(v, 0)
}

func containsAny(s string, needles []string) bool {
	for _, n := range needles {
		if strings.Contains(s, n) {
			return true
		}
	}
	return false
}

// TestPrivacyTestCanFail: the check finds personal data where a type
// shows it (a struct without masking methods), so that
// TestNoPersonalDataInLogs is known to be able to fail.
func TestPrivacyTestCanFail(t *testing.T) {
	type leaky struct {
		Phone  string
		Person struct{ Name string }
		IIN    string
	}
	f := newFiller(t)
	v := f.value(reflect.TypeFor[leaky]())
	found := false
	for _, out := range outputs(reflect.TypeFor[leaky](), v) {
		if strings.Contains(out, secretPhone) {
			found = true
		}
	}
	if !found {
		t.Error("a struct with a phone in a plain field passed the check")
	}
	// An error field gets an error that names a foreigner's ID, which a
	// type printing it as it is shows.
	type leakyErr struct{ Err error }
	e := f.value(reflect.TypeFor[leakyErr]())
	if got := fmt.Sprintf("%v", e.Interface()); !strings.Contains(got, string(fid(secretPerson(t)))) {
		t.Errorf("%%v of a struct with a filled error field = %q; want the foreigner's ID the filler planted", got)
	}
	// A filled Person, put in a plain struct field, must come out masked
	// in fmt: this is what the real types rely on.
	type holder struct{ P registration.Person }
	h := f.value(reflect.TypeFor[holder]())
	if got := fmt.Sprintf("%+v", h.Interface()); !strings.HasPrefix(got, "{P:"+secretSurname[:1]+". ") || strings.Contains(got, secretSurname) || strings.Contains(got, secretDocNumber) {
		t.Errorf("%%+v of a struct holding a filled Person = %q; want the surname's initial and a masked number", got)
	}
}

// TestHostNamedByIINShowsInitials: a hotel run by an entrepreneur named by
// IIN, not BIN, is often named after its owner, so String, fmt and slog
// show its name as initials, as an individual's; an organisation named by
// its BIN keeps its name.
func TestHostNamedByIINShowsInitials(t *testing.T) {
	h := secretIndividualHost(t)
	h.Kind = registration.HostHotel
	// A certificate carries no name for such a hotel (certificate's
	// TestHotelUnderIINCarriesNoName).
	for _, v := range []any{h, registration.Registration{Host: h}} {
		outs := []string{fmt.Sprintf("%v", v), fmt.Sprintf("%+v", v), fmt.Sprintf("%#v", v)}
		var jb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("m", "host", v)
		outs = append(outs, jb.String())
		for _, out := range outs {
			for _, word := range strings.Fields(secretHostName) {
				if strings.Contains(out, word) {
					t.Errorf("%T of a hotel named by IIN shows %q: %s", v, word, out)
				}
			}
		}
	}
	org := secretOrganisationHost(t)
	if got := org.String(); !strings.Contains(got, secretOrganisation) {
		t.Errorf("an organisation named by BIN prints %q; want its name %q", got, secretOrganisation)
	}
}

// TestGroupErrorLoggedAsValue: a GroupError whose member carries a
// registration shows none of its personal data, logged or printed as a
// value as well as through the pointer the Service returns. (With
// LogValue on the pointer only, slog's JSON handler wrote a value in its
// JSON form, the registration whole.)
func TestGroupErrorLoggedAsValue(t *testing.T) {
	r := registration.Registration{ID: "r-1", Version: 1, State: registration.Pending, Person: secretPerson(t), Host: secretIndividualHost(t)}
	e := migreg.GroupError{Members: []migreg.MemberResult{{Index: 0, Registration: r, Err: registration.ErrInvalid}}}
	for name, v := range map[string]any{"value": e, "pointer": &e} {
		var jb, tb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Info("m", "v", v)
		slog.New(slog.NewTextHandler(&tb, nil)).Info("m", "v", v)
		for where, out := range map[string]string{"slog JSON": jb.String(), "slog text": tb.String(), "%+v": fmt.Sprintf("%+v", v)} {
			for _, s := range secrets(t) {
				if strings.Contains(out, s) {
					t.Errorf("GroupError %s, %s, shows %q:\n%s", name, where, s, out)
				}
			}
		}
	}
}
