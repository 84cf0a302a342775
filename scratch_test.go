package migreg

import (
	"bytes"
	"sync"
	"testing"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// TestScratchReleaseClearsPersonalData fills a scratch the way a submit and
// a confirm do and checks that releasing it leaves no personal data in
// memory the pool hands to the next command: not in the fields, and not
// in the spare capacity of its slices.
func TestScratchReleaseClearsPersonalData(t *testing.T) {
	const secret = "AB1234567"
	p := registration.Person{Surname: "Karimov", Citizenship: "UZB", Document: registration.Document{Kind: registration.Passport, Number: secret}}
	r := registration.Registration{ID: "r-1", Person: p}
	sc := newScratch().(*scratch)
	sc.submission(registration.Submission{ID: "r-1", Person: p})
	sc.attempt = sc.sub
	// An Append method's events, which refer to the attempt and may lie
	// past the length kept (an error returns none).
	ev := registration.Event{Registration: "r-1", Submission: &sc.attempt, Actor: registration.ForeignerActor(p.ID())}
	sc.keepEvents(append(sc.events[:0], ev, ev, ev, ev, ev))
	sc.call = call{ctx: t.Context(), by: ev.Actor, foreigner: p.ID(), key: "foreigner:x|" + secret, fp: secret}
	sc.dossierRoom()
	sc.room[0] = r // as Dossier.Insert writes it
	regs := []registration.Registration{r, r}
	sc.before(registration.Dossier{Registrations: regs})
	sc.collect(registration.Dossier{Registrations: regs}, 0, []int{1})
	sc.keep(r)
	sc.addMsg(store.Message{ID: "r-1/1", To: secret, Body: []byte(secret)})
	sc.body = append(sc.body, secret...)
	// A later, shorter use in the same command (a retried transaction, the
	// next registration of a RecordExit) reslices to zero first.
	sc.collect(registration.Dossier{Registrations: regs}, 0, nil)
	sc.msgs, sc.body = sc.msgs[:0], sc.body[:0]

	var pool sync.Pool
	sc.release(&pool)

	if sc.out != nil || sc.sub.Person.Document.Number != "" || sc.room[0].ID != "" || sc.kept.ID != "" {
		t.Errorf("release left a result %v, submission document set %v, registrations %q %q; want none",
			sc.out != nil, sc.sub.Person.Document.Number != "", sc.room[0].ID, sc.kept.ID)
	}
	if c := sc.call; sc.attempt.Person.Document.Number != "" || c.ctx != nil || c.key != "" || c.fp != "" || c.foreigner != "" || c.by.ID != "" {
		t.Errorf("release left the attempt's document set %v, the call's arguments %+v; want neither",
			sc.attempt.Person.Document.Number != "", c)
	}
	for i, e := range sc.events[:cap(sc.events)] {
		if e.Submission != nil || e.Actor.ID != "" {
			t.Errorf("events[%d] still refers to a submission or an actor after release", i)
		}
	}
	if sc.submitFn == nil || sc.doFn == nil {
		t.Error("release dropped the transaction functions, which the next command needs")
	}
	if len(sc.changed)+len(sc.old)+len(sc.vers)+len(sc.msgs)+len(sc.body) != 0 {
		t.Errorf("release left lengths changed=%d old=%d vers=%d msgs=%d body=%d, want all 0",
			len(sc.changed), len(sc.old), len(sc.vers), len(sc.msgs), len(sc.body))
	}
	for i, c := range sc.changed[:cap(sc.changed)] {
		if c.Person.Document.Number != "" {
			t.Errorf("changed[%d] still holds a document number after release", i)
		}
	}
	for i, m := range sc.msgs[:cap(sc.msgs)] {
		if m.To != "" || m.Body != nil {
			t.Errorf("msgs[%d] still holds %q after release", i, m.To)
		}
	}
	if bytes.Contains(sc.body[:cap(sc.body)], []byte(secret)) {
		t.Error("the body buffer still holds the document number after release")
	}
}
