package dbtest

import (
	"database/sql"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestUpgradeFrom5: a database at schema version 5, its rows as version 5
// wrote them (SQLite's instants as text, names as text, a submission
// with its foreigner and host, events with their actors' IDs, a message
// body that begins as a compact one does, a token as text, a deadline
// that names its registration twice), migrated to version 6 (compact
// encodings, issue 17), reads as it was written, to the microsecond, and
// goes on: a registration is confirmed, a deadline replaced, a host's
// registrations listed.
func TestUpgradeFrom5(t *testing.T) { onEmptyDatabases(t, testUpgradeFrom5) }

func testUpgradeFrom5(t *testing.T, db *sql.DB, d sqlstore.Dialect, schema string) {
	ctx := t.Context()
	prefix := ""
	if schema != "" {
		prefix = `"` + schema + `".`
	}
	migrateTo(t, db, d, prefix, 5)
	exec := func(query string, args ...any) {
		t.Helper()
		if _, err := db.ExecContext(ctx, rebindTest(db, strings.ReplaceAll(query, "@", prefix)), args...); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
	}

	// A confirmed registration and a pending one, as version 5 wrote them.
	// Their instants have nanoseconds, which version 6 keeps to the
	// microsecond on SQLite (as PostgreSQL always did).
	conf, confEvs, err := pending("r-five-1", 1)
	if err != nil {
		t.Fatal(err)
	}
	conf, more, err := confirm(conf)
	if err != nil {
		t.Fatal(err)
	}
	confEvs = append(confEvs, more...)
	pend, pendEvs, err := pending("r-five-2", 2)
	if err != nil {
		t.Fatal(err)
	}
	nanos := 123456789 * time.Nanosecond
	conf.SubmittedAt, confEvs[0].At = conf.SubmittedAt.Add(nanos), confEvs[0].At.Add(nanos)
	enc := func(v any) string { b, _ := json.Marshal(v); return string(b) }
	instant := func(at time.Time) any {
		if d == sqlstore.SQLite {
			return at.UTC().Format("2006-01-02T15:04:05.000000000Z")
		}
		return at
	}
	for _, w := range []struct {
		r   registration.Registration
		evs []registration.Event
	}{{conf, confEvs}, {pend, pendEvs}} {
		sub := *w.evs[0].Submission
		sub.ID = ""
		// Version 5's body: what happened since the submission.
		body := map[string]any{"filed_by": w.r.FiledBy, "submitted_on": w.r.SubmittedOn, "host_due": w.r.HostDue}
		if !w.r.ConfirmedOn.IsZero() {
			body["confirmed_on"] = w.r.ConfirmedOn
		}
		exec(`INSERT INTO @registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, submitted, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			string(w.r.ID), w.r.Version, w.r.State.String(), string(w.r.Foreigner), string(w.r.HostID), w.r.Entry, nullDateOf(w.r),
			instant(w.r.SubmittedAt), enc(sub), enc(body))
		for _, e := range w.evs {
			// Version 5's event body: with the actor's ID.
			eb := map[string]any{"on": e.On, "actor": e.Actor, "to": e.To}
			if e.From != 0 {
				eb["from"] = e.From
			}
			if !e.HostDue.IsZero() {
				eb["host_due"] = e.HostDue
			}
			if !e.ValidUntil.IsZero() {
				eb["valid_until"] = e.ValidUntil
			}
			exec(`INSERT INTO @registration_events (registration_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)`,
				string(e.Registration), e.Seq, e.Type.String(), instant(e.At), enc(eb))
		}
		exec(`INSERT INTO @foreigners (id, body) VALUES (?, ?)`, string(w.r.Foreigner), enc(w.r.Person))
		exec(`INSERT INTO @deadlines (kind, foreigner, subject, due, registration_id, entry) VALUES (?, ?, ?, ?, ?, ?)`,
			"stay_end", string(w.r.Foreigner), string(w.r.ID), w.r.Entry.AddDays(30), string(w.r.ID), w.r.Entry)
	}
	// A message whose body begins with the byte of a compact body, and one
	// with a Service's JSON.
	odd := []byte{0x01, 'x', 0x02}
	for _, m := range []store.Message{
		{ID: "m-odd", Kind: "reminder", To: string(pend.Foreigner), Body: odd, CreatedAt: conf.SubmittedAt, NextAttempt: conf.SubmittedAt},
		{ID: string(conf.ID) + "/2", Kind: "decision", To: string(conf.Foreigner), Registration: conf.ID,
			Body: []byte(`{"registration":"` + string(conf.ID) + `","event":"confirmed","on":"2026-07-02"}`), CreatedAt: confEvs[1].At, NextAttempt: confEvs[1].At},
	} {
		exec(`INSERT INTO @outbox (id, kind, recipient, registration_id, body, created_at, attempts, next_attempt, delivered_at, last_error)
VALUES (?, ?, ?, ?, ?, ?, 0, ?, NULL, '')`, m.ID, m.Kind, m.To, nullIfEmpty(string(m.Registration)), m.Body, instant(m.CreatedAt), instant(m.NextAttempt))
	}
	const token = "KZR2:HB05*62H459SI.R5N95IA"
	exec(`INSERT INTO @certificates (registration_id, number, token, issued_at) VALUES (?, 'KZ-5', ?, ?)`, string(conf.ID), token, instant(confEvs[1].At))
	exec(`INSERT INTO @idempotency_keys (idem_key, fingerprint, registration_id, created_at) VALUES ('k5', 'fp', ?, ?)`, string(conf.ID), instant(conf.SubmittedAt))

	s, err := sqlstore.New(ctx, db, d, &sqlstore.Options{Migrate: true, Schema: schema})
	if err != nil {
		t.Fatalf("migrating from version 5: %v", err)
	}
	if d == sqlstore.SQLite {
		// The rows are converted, the old tables and indexes gone.
		var types string
		err := db.QueryRowContext(ctx, `SELECT typeof(submitted_at) || typeof(state) || (SELECT typeof(at) || typeof(type) FROM registration_events LIMIT 1)
	|| (SELECT count(*) FROM sqlite_master WHERE name IN ('registrations_v5', 'registrations_by_host', 'deadlines_by_foreigner_kind'))
	FROM registrations LIMIT 1`).Scan(&types)
		if want := "integerintegerintegerinteger0"; err != nil || types != want {
			t.Errorf("after the upgrade, the types of instants and names and the old names left = %q, %v; want %q", types, err, want)
		}
	}
	// What version 6 reads: the same, to the microsecond.
	micro := func(at time.Time) time.Time { return at.Truncate(time.Microsecond) }
	wantConf, wantConfEvs := conf, append([]registration.Event(nil), confEvs...)
	wantConf.SubmittedAt, wantConfEvs[0].At = micro(conf.SubmittedAt), micro(confEvs[0].At)
	check := func(r registration.Registration, evs []registration.Event) {
		t.Helper()
		err := s.View(ctx, func(tx store.ReadTx) error { return readsAsWritten(t, tx, r, evs) })
		if err != nil {
			t.Fatalf("reading %s after the upgrade: %v", r.ID, err)
		}
	}
	check(wantConf, wantConfEvs)
	check(pend, pendEvs)
	err = s.View(ctx, func(tx store.ReadTx) error {
		m, err := tx.Message(ctx, "m-odd")
		if err != nil {
			return err
		}
		if string(m.Body) != string(odd) || m.Kind != "reminder" || !m.CreatedAt.Equal(micro(conf.SubmittedAt)) {
			t.Errorf("Message(m-odd) after the upgrade = %q, %q, %v; want %q, reminder, %v", m.Body, m.Kind, m.CreatedAt, odd, micro(conf.SubmittedAt))
		}
		m, err = tx.Message(ctx, string(conf.ID)+"/2")
		if err != nil {
			return err
		}
		if want := `{"registration":"` + string(conf.ID) + `","event":"confirmed","on":"2026-07-02"}`; string(m.Body) != want || m.Kind != "decision" {
			t.Errorf("the decision after the upgrade = %q, %q; want %q, decision", m.Body, m.Kind, want)
		}
		c, err := tx.Certificate(ctx, conf.ID)
		if err != nil {
			return err
		}
		if c.Token != token || !c.IssuedAt.Equal(confEvs[1].At) {
			t.Errorf("Certificate after the upgrade = %q at %v; want %q at %v", c.Token, c.IssuedAt, token, confEvs[1].At)
		}
		k, err := tx.Idempotency(ctx, "k5")
		if err != nil {
			return err
		}
		if !k.CreatedAt.Equal(micro(conf.SubmittedAt)) {
			t.Errorf("Idempotency(k5).CreatedAt after the upgrade = %v; want %v", k.CreatedAt, micro(conf.SubmittedAt))
		}
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: conf.Foreigner}, store.Page{})
		if err != nil {
			return err
		}
		if len(ds) != 1 || ds[0].Registration != conf.ID || ds[0].Subject != string(conf.ID) {
			t.Errorf("the foreigner's deadlines after the upgrade = %+v; want the stay end of %s", ds, conf.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatalf("reading after the upgrade: %v", err)
	}

	// The pending registration goes on; its deadline is replaced, not
	// doubled; the host's registrations are listed by state.
	next, nextEvs, err := confirm(pend)
	if err != nil {
		t.Fatal(err)
	}
	due := pend.Entry.AddDays(60)
	err = s.Update(ctx, func(tx store.Tx) error {
		if err := tx.UpdateRegistration(ctx, next, pend.Version, nextEvs); err != nil {
			return err
		}
		return tx.PutDeadline(ctx, store.Deadline{DeadlineKey: store.DeadlineKey{Kind: store.DueStayEnd, Foreigner: pend.Foreigner, Subject: string(pend.ID)},
			Due: due, Registration: pend.ID, Entry: pend.Entry})
	})
	if err != nil {
		t.Fatalf("confirming a registration written by version 5: %v", err)
	}
	check(next, append(append([]registration.Event(nil), pendEvs...), nextEvs...))
	err = s.View(ctx, func(tx store.ReadTx) error {
		ds, _, err := tx.Deadlines(ctx, store.DeadlineQuery{Through: far, Foreigner: pend.Foreigner}, store.Page{})
		if err != nil {
			return err
		}
		if len(ds) != 1 || ds[0].Due != due || ds[0].Registration != pend.ID {
			t.Errorf("the deadlines of %s after PutDeadline = %+v; want one, due %v", pend.ID, ds, due)
		}
		regs, _, err := tx.Registrations(ctx, store.Filter{Host: pend.HostID}, store.Page{})
		if err != nil {
			return err
		}
		if len(regs) != 1 || regs[0].ID != pend.ID || regs[0].State != registration.Confirmed {
			t.Errorf("the host's registrations after the upgrade = %d; want %s, confirmed", len(regs), pend.ID)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// nullDateOf is a registration's valid_until as a column: NULL when none.
func nullDateOf(r registration.Registration) any {
	if r.ValidUntil.IsZero() {
		return nil
	}
	return r.ValidUntil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
