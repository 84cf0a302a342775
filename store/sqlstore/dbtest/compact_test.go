package dbtest

import (
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
)

// TestForeignerRefersToSubmission: on SQLite, a foreigner stored in the
// transaction that creates their registration, with the person it
// submitted, refers to the registration instead of keeping a copy
// (schema 6); the person reads the same, and a new person is stored
// whole again.
func TestForeignerRefersToSubmission(t *testing.T) {
	db, _ := openSQLite(t)
	ctx := t.Context()
	s, err := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
	if err != nil {
		t.Fatal(err)
	}
	r, evs, err := pending("r-person", 7)
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Update(ctx, func(tx store.Tx) error {
		if err := tx.PutForeigner(ctx, r.Foreigner, r.Person); err != nil {
			return err
		}
		return tx.CreateRegistration(ctx, r, evs)
	}); err != nil {
		t.Fatal(err)
	}
	stored := func() (body string, of *string) {
		t.Helper()
		if err := db.QueryRowContext(ctx, `SELECT body, person_of FROM foreigners WHERE id = ?`, string(r.Foreigner)).Scan(&body, &of); err != nil {
			t.Fatal(err)
		}
		return body, of
	}
	read := func() {
		t.Helper()
		if err := s.View(ctx, func(tx store.ReadTx) error {
			p, err := tx.Foreigner(ctx, r.Foreigner)
			if diff := cmp.Diff(r.Person, p); err == nil && diff != "" {
				t.Errorf("Foreigner (-want +got):\n%s", diff)
			}
			return err
		}); err != nil {
			t.Fatal(err)
		}
	}
	if body, of := stored(); body != "" || of == nil || *of != string(r.ID) {
		t.Errorf("the foreigner's row = %q, %v; want an empty body and a reference to %s", body, of, r.ID)
	}
	read()
	r.Person.Document.Number = "FA9999999" // a renewed passport
	if err := s.Update(ctx, func(tx store.Tx) error { return tx.PutForeigner(ctx, r.Foreigner, r.Person) }); err != nil {
		t.Fatal(err)
	}
	if body, of := stored(); body == "" || of != nil {
		t.Errorf("after a new person, the foreigner's row = %q, %v; want the person and no reference", body, of)
	}
	read()
}
