package storetest

import (
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// testGroupAndGuardian stores the registrations of a group (issue 22): a
// parent's and a child's, which names the parent's as its guardian, and
// reads back their group and guardian, in the registration and in its
// first event's submission, after creation and after an update.
func testGroupAndGuardian(t *testing.T, s store.Store) {
	parent := submission(regID(1), person(1), host(t, 1))
	parent.Group = "grp-1"
	child := submission(regID(2), person(2), host(t, 1))
	child.Group, child.Guardian = "grp-1", parent.ID
	var recs []record
	for _, sub := range []registration.Submission{parent, child} {
		r, evs, err := registration.Submit(sub, registration.ForeignerActor(sub.Foreigner), submittedAt, hostDueDay, validUntil)
		if err != nil {
			t.Fatalf("registration.Submit(%v) = %v", sub, err)
		}
		if r.Group != sub.Group || r.Guardian != sub.Guardian {
			t.Fatalf("registration.Submit(%v) = group %q, guardian %q; want %q, %q", sub, r.Group, r.Guardian, sub.Group, sub.Guardian)
		}
		recs = append(recs, record{r, evs})
	}
	create(t, s, recs...)
	for _, rec := range recs {
		checkStored(t, s, rec, "after CreateRegistration of a group's member")
	}
	next, evs := confirm(t, recs[1].reg)
	rec := advance(t, s, recs[1], next, evs)
	checkStored(t, s, rec, "after confirming a group's member")
}
