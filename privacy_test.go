package migreg_test

import (
	"bytes"
	"fmt"
	"log/slog"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

// The personal data the privacy test plants in every value, and must never
// find in a log record or a fmt output.
const (
	secretSurname      = "KARIMOVA" // shown: a surname alone is how people are told apart in logs
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
		secretCyrGiven, secretPatronymic, secretHostName,
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
		"Surname": secretSurname, "GivenNames": secretGivenNames, "CyrillicGivenNames": secretCyrGiven,
		"CyrillicPatronymic": secretPatronymic, "DocumentNumber": secretDocNumber,
		"Phone": secretPhone, "Email": secretEmail, "App": secretApp,
	}}
	for _, v := range values {
		rv := reflect.ValueOf(v)
		f.byType[rv.Type()] = rv
	}
	return f
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
	for _, typ := range exportedTypes {
		if typ.Kind() == reflect.Interface {
			continue // no value of its own
		}
		v := f.value(typ)
		checked++
		for where, out := range outputs(typ, v) {
			for _, s := range needles {
				if strings.Contains(out, s) {
					t.Errorf("%v, %s, shows %q:\n%s", typ, where, s, out)
					break
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d types; want every exported type of the module (more than 100)", checked)
	}
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
	// A filled Person, put in a plain struct field, must come out masked
	// in fmt: this is what the real types rely on.
	type holder struct{ P registration.Person }
	h := f.value(reflect.TypeFor[holder]())
	if got := fmt.Sprintf("%+v", h.Interface()); !strings.Contains(got, secretSurname) || strings.Contains(got, secretDocNumber) {
		t.Errorf("%%+v of a struct holding a filled Person = %q; want the surname and a masked number", got)
	}
}
