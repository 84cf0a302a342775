package migreg_test

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store/memstore"
)

// The secrets the opaque types are built with. Both are printable, so
// that the raw bytes are a needle as well as their encodings.
const (
	opaqueSeed   = "opaque privacy test ed25519 seed" // 32 bytes: the issuer's private key
	opaqueSecret = "opaque privacy test: the pseudonyms' HMAC secret"
	opaqueKeyID  = "k2026"
)

// byteForms returns the forms in which fmt and slog may print the bytes
// b, or a piece of them: raw (%s, %q, %v of a string), hexadecimal (%x,
// %X, a %#v byte list), decimal (%v and %d of a byte slice) and base64
// (slog's JSON handler, encoding/json) at each alignment of b in a longer
// slice.
func byteForms(b []byte) []string {
	piece := b[:12]
	var dec, goHex []string
	for _, c := range piece {
		dec = append(dec, fmt.Sprint(c))
		goHex = append(goHex, fmt.Sprintf("0x%x", c))
	}
	out := []string{
		string(b[:16]), hex.EncodeToString(piece), strings.ToUpper(hex.EncodeToString(piece)),
		strings.Join(dec, " "), strings.Join(dec, ","), strings.Join(goHex, ", "),
	}
	for shift := range 3 {
		chunk := b[shift : shift+24] // whole groups of 3 bytes: the same base64 wherever they start
		out = append(out, base64.StdEncoding.EncodeToString(chunk), base64.RawURLEncoding.EncodeToString(chunk))
	}
	return out
}

// opaqueValue is a value of a type that keeps what it holds in unexported
// fields, built by its constructors.
type opaqueValue struct {
	name string
	ptr  any // a pointer to the value
	// locked: the value holds a lock, so a program only ever has the
	// pointer (go vet refuses a copy): only pointers are printed.
	locked bool
}

// opaqueFixture builds the opaque values and the needles none of their
// outputs may show: the issuer's private key, the pseudonym secret, and
// the personal data of a registration of secretPerson, confirmed (with a
// certificate the issuer signed), delivered, and held in a memstore
// (with an idempotency key made of the passport number), in an Inbox and
// in a Runner's steps.
func opaqueFixture(t *testing.T) ([]opaqueValue, []string) {
	ctx := context.Background()
	priv := ed25519.NewKeyFromSeed([]byte(opaqueSeed))
	iss, err := certificate.NewIssuer(opaqueKeyID, priv)
	if err != nil {
		t.Fatal(err)
	}
	key := registration.PseudonymKey{ID: opaqueKeyID, Secret: []byte(opaqueSecret)}
	ids, err := registration.NewPseudonyms(key)
	if err != nil {
		t.Fatal(err)
	}
	p, h := secretPerson(t), secretIndividualHost(t)
	entry := calendar.MustParseDate("2026-07-01")
	sub := registration.Submission{Person: p, Host: h, Address: registrationtest.Address().Example(3), Place: registrationtest.PlaceFor(h), Entry: entry}

	st, inbox := memstore.New(nil), &migregtest.Inbox{}
	t.Cleanup(func() { _ = st.Close() })
	opts := migreg.Options{Issuer: iss, Pseudonyms: ids, Notifier: inbox}
	svc, clock, err := migregtest.NewService(migregtest.Start(entry), migregtest.WithStore(st), migregtest.WithOptions(opts))
	if err != nil {
		t.Fatal(err)
	}
	if err := svc.RecordEntry(ctx, p, entry); err != nil {
		t.Fatal(err)
	}
	r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: sub, IdempotencyKey: "booking/" + secretDocNumber})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(svc.HostID(h))); err != nil {
		t.Fatal(err)
	}
	if _, err := svc.Deliver(ctx, 10); err != nil {
		t.Fatal(err)
	}
	if len(inbox.Received()) == 0 {
		t.Fatal("the Inbox received nothing")
	}

	// A Runner on a Service of its own, with the same keys, whose steps
	// hold the person's and the host's IDs.
	svc2, clock2, err := migregtest.NewService(migregtest.Start(entry), migregtest.WithOptions(migreg.Options{Issuer: iss, Pseudonyms: ids}))
	if err != nil {
		t.Fatal(err)
	}
	runner := &migregtest.Runner{Service: svc2, Clock: clock2, People: []registration.Person{p}}
	sub.Person, sub.Entry = registration.Person{}, calendar.Date{}
	ops := []migregtest.Op{
		{Kind: migregtest.OpEntry},
		{Kind: migregtest.OpSubmit, Actor: migregtest.ActorForeigner, Submission: sub},
		{Kind: migregtest.OpConfirm, Actor: migregtest.ActorHost},
	}
	if err := runner.Run(ctx, ops); err != nil {
		t.Fatal(err)
	}

	opts.Clock = clock
	values := []opaqueValue{
		{"certificate.Issuer", iss, false},
		{"registration.PseudonymKey", &key, false},
		{"registration.Pseudonyms", &ids, false},
		{"memstore.Store", st, true},
		{"migreg.Service", svc, false},
		{"migreg.Options", &opts, false},
		{"migregtest.Inbox", inbox, true},
		{"migregtest.Runner", runner, false},
	}
	needles := append(secrets(t), string(ids.Foreigner(p)), string(ids.Host(h)))
	needles = append(needles, byteForms(priv.Seed())...)
	needles = append(needles, byteForms(key.Secret)...)
	return values, needles
}

// TestNoSecretsInOpaqueTypes: the types that keep a secret key or
// personal data in unexported fields, which the filler of
// TestNoPersonalDataInLogs cannot reach (fmt prints unexported fields by
// reflection, without calling their methods), show neither the issuer's
// private key, the pseudonym secret, nor the personal data they hold,
// under every fmt verb and slog handler, as a value and as a pointer (as
// a pointer only for a type that holds a lock, which is never copied).
func TestNoSecretsInOpaqueTypes(t *testing.T) {
	values, needles := opaqueFixture(t)
	for _, o := range values {
		v := reflect.ValueOf(o.ptr).Elem()
		if !holds(v, needles) {
			t.Errorf("%s holds none of the secrets: the test would prove nothing", o.name)
		}
		if o.locked {
			v = reflect.ValueOf(o.ptr)
		}
		for where, out := range outputs(v.Type(), v) {
			for _, s := range needles {
				if strings.Contains(out, s) {
					t.Errorf("%s, %s, shows %q:\n%s", o.name, where, s, out)
					break
				}
			}
		}
	}
}

// TestOpaqueTypesSayWhatTheyAre: the opaque types print what they are,
// without what they hold.
func TestOpaqueTypesSayWhatTheyAre(t *testing.T) {
	values, _ := opaqueFixture(t)
	want := map[string]string{
		"certificate.Issuer":        "certificate.Issuer{key k2026}",
		"registration.PseudonymKey": "pseudonym key k2026",
		"registration.Pseudonyms":   "pseudonyms (keys k2026)",
		"memstore.Store":            "memstore.Store",
		"migreg.Service":            "migreg.Service",
		"migregtest.Inbox":          "migregtest.Inbox",
		"migregtest.Runner":         "migregtest.Runner{1 person, 3 steps}",
	}
	for _, o := range values {
		w, ok := want[o.name]
		if !ok {
			continue
		}
		xs := []any{o.ptr, reflect.ValueOf(o.ptr).Elem().Interface()}
		if o.locked {
			xs = xs[:1]
		}
		for _, x := range xs {
			if got := fmt.Sprint(x); got != w {
				t.Errorf("fmt.Sprint(%T) = %q; want %q", x, got, w)
			}
		}
	}
}

// TestByteFormsCatchEveryVerb: the needles of byteForms find a key's
// bytes however fmt and slog print them, in an unexported field (fmt's
// reflection: decimal, hex, raw, quoted) or an exported one (JSON:
// base64), so that TestNoSecretsInOpaqueTypes can fail on a key.
func TestByteFormsCatchEveryVerb(t *testing.T) {
	type hidden struct{ k ed25519.PrivateKey }
	type shown struct{ K []byte }
	priv := ed25519.NewKeyFromSeed([]byte(opaqueSeed))
	for _, tt := range []struct {
		b     []byte
		forms []string
	}{{priv, byteForms(priv.Seed())}, {[]byte(opaqueSecret), byteForms([]byte(opaqueSecret))}} {
		for _, v := range []any{hidden{tt.b}, shown{tt.b}} {
			for where, out := range outputs(reflect.TypeOf(v), reflect.ValueOf(v)) {
				if _, ok := v.(hidden); ok && strings.HasPrefix(where, "slog JSON") {
					continue // JSON has no unexported field
				}
				if !containsAny(out, tt.forms) {
					t.Errorf("%T, %s, printed the key as %s; byteForms misses it", v, where, out)
				}
			}
		}
	}
}
