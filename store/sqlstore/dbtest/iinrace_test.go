package dbtest

import (
	"context"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

// TestPostgresSameIINRace: one person's entries are recorded at once under
// two passports with the same IIN (on PostgreSQL, where writers of
// different foreigners run at once). Both read that the IIN is not
// linked; the first to commit links it, and the other's link is then
// taken. The other entry must still be recorded, as it is when the two
// do not overlap: the IIN stays linked to the first. Before Service.update
// ran such a transaction again it failed with ErrDuplicate.
func TestPostgresSameIINRace(t *testing.T) {
	_, _, svc, hs, _, day := renewalRace(t)
	ctx := context.Background()
	iin := validIIN(t, "1991-05-17")
	withIIN := func(number string) registration.Person {
		p := passport(number)
		p.IIN, p.BirthDate, p.Sex = iin, iin.BirthDate(), kzid.Female
		return p
	}
	first, second := withIIN("FC3333333"), withIIN("FD4444444")
	committed := make(chan error, 1)
	hs.hook = func() {
		// In a goroutine of its own, as another request would: it locks
		// another foreigner, so it commits while this one waits here.
		go func() { committed <- svc.RecordEntry(ctx, first, day) }()
		if err := <-committed; err != nil {
			t.Errorf("the first passport's entry, during the second's: %v", err)
		}
	}
	hs.arm("PutLink", "")
	if err := svc.RecordEntry(ctx, second, day); err != nil {
		t.Fatalf("the second passport's entry, whose IIN link was taken meanwhile: %v", err)
	}
	if !hs.fired() {
		t.Fatal("the second entry never linked the IIN: the test did not run the race")
	}
	// The IIN leads both passports to one person, whose entry on that
	// day is one trip.
	firstID, err1 := svc.ForeignerID(ctx, first)
	secondID, err2 := svc.ForeignerID(ctx, second)
	if err1 != nil || err2 != nil || firstID != secondID {
		t.Fatalf("the two passports after the race lead to two people (%v, %v); want one", err1, err2)
	}
	if trips, err := svc.Trips(ctx, firstID); err != nil || len(trips) != 1 {
		t.Errorf("the person's trips after the race = %d, %v; want one", len(trips), err)
	}
}
