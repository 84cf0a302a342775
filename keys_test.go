package migreg_test

import (
	"errors"
	"testing"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/migregtest"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store/memstore"
)

// demo derives IDs as the test Services do: under the published demo key
// (registrationtest and Options.InsecureDemoKeys).
var demo = registration.DemoPseudonyms()

func fid(p registration.Person) registration.ForeignerID { return demo.Foreigner(p) }
func hid(h registration.Host) registration.HostID        { return demo.Host(h) }

func testKeys(t testing.TB, current string, retired ...string) registration.Pseudonyms {
	t.Helper()
	key := func(id string) registration.PseudonymKey {
		return registration.PseudonymKey{ID: id, Secret: []byte("secret of " + id + " for the tests, 32+ bytes")}
	}
	var old []registration.PseudonymKey
	for _, id := range retired {
		old = append(old, key(id))
	}
	p, err := registration.NewPseudonyms(key(current), old...)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestNewNeedsAKey: no built-in production key. A Service without a key
// refuses to start unless its options ask for the demo key by name.
func TestNewNeedsAKey(t *testing.T) {
	tests := []struct {
		name string
		opts *migreg.Options
		want error
	}{
		{"nil options", nil, migreg.ErrNoPseudonymKey},
		{"zero options", &migreg.Options{}, migreg.ErrNoPseudonymKey},
		{"a key", &migreg.Options{Pseudonyms: testKeys(t, "k1")}, nil},
		{"the demo key, by name", &migreg.Options{InsecureDemoKeys: true}, nil},
	}
	for _, tt := range tests {
		_, err := migreg.New(memstore.New(nil), tt.opts)
		if !errors.Is(err, tt.want) || (tt.want == nil) != (err == nil) {
			t.Errorf("%s: New = %v; want %v", tt.name, err, tt.want)
		}
	}
}

// TestServicesWithDifferentKeys: two Services with different keys give
// one person and one host different IDs; each gives the same ID every
// time.
func TestServicesWithDifferentKeys(t *testing.T) {
	ctx := t.Context()
	p, h := person("FA1234567"), landlord(t)
	var ids []registration.Registration
	for _, k := range []registration.Pseudonyms{testKeys(t, "a"), testKeys(t, "b")} {
		env := newEnv(t, date("2026-07-02"), &migreg.Options{Pseudonyms: k})
		r, err := env.Service.Submit(ctx, request(p, h, "2026-07-01"))
		if err != nil {
			t.Fatal(err)
		}
		again, err := env.Service.ForeignerID(ctx, p)
		if err != nil || again != r.Foreigner || env.Service.HostID(h) != r.HostID {
			t.Errorf("key %v: the IDs are not stable: %s then %s (%v)", k, string(r.Foreigner), string(again), err)
		}
		if got := registration.KeyIDOf(r.Foreigner); got != k.KeyIDs()[0] {
			t.Errorf("the ID names key %q; want %q", got, k.KeyIDs()[0])
		}
		ids = append(ids, r)
	}
	if ids[0].Foreigner == ids[1].Foreigner || ids[0].HostID == ids[1].HostID {
		t.Errorf("two keys give the same IDs: %s %s", string(ids[0].Foreigner), string(ids[1].Foreigner))
	}
}

// TestKeyRotationKeepsHistory follows the rotation procedure of
// registration.Pseudonyms: a Service with a new current key and the old
// one retired finds the person stored under the old key, so their trips
// still count towards 90/180; a person new to the store gets an ID under
// the new key.
func TestKeyRotationKeepsHistory(t *testing.T) {
	ctx := t.Context()
	st := memstore.New(nil)
	clock := migregtest.NewClock(date("2026-03-01"))
	before, err := migreg.New(st, &migreg.Options{Clock: clock, Pseudonyms: testKeys(t, "k2025")})
	if err != nil {
		t.Fatal(err)
	}
	p := person("FA1234567")
	if err := before.RecordEntry(ctx, p, date("2026-02-01")); err != nil {
		t.Fatal(err)
	}
	oldID, _ := before.ForeignerID(ctx, p)
	if err := before.RecordExit(ctx, oldID, date("2026-03-01")); err != nil { // 29 days
		t.Fatal(err)
	}

	clock.Set(date("2026-04-01").In(calendar.KazakhstanZone()).Add(10 * time.Hour))
	after, err := migreg.New(st, &migreg.Options{Clock: clock, Pseudonyms: testKeys(t, "k2026", "k2025")})
	if err != nil {
		t.Fatal(err)
	}
	id, err := after.ForeignerID(ctx, p)
	if err != nil || id != oldID {
		t.Fatalf("after rotation ForeignerID = %s, %v; want the ID stored under k2025", string(id), err)
	}
	if err := after.RecordEntry(ctx, p, date("2026-03-20")); err != nil {
		t.Fatal(err)
	}
	status, err := after.Status(ctx, id, date("2026-04-01"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := status.Stay.Used, 29+13; got != want {
		t.Errorf("days used after rotation = %d; want %d (both trips)", got, want)
	}
	stranger, _ := after.ForeignerID(ctx, person("FA7654321"))
	if registration.KeyIDOf(stranger) != "k2026" {
		t.Errorf("a new person's ID %s is not under the new key", string(stranger))
	}
}
