package dbtest

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
	"github.com/migreg/migreg/store/sqlstore"
	"github.com/migreg/migreg/store/storetest"
)

// Benchmarks: a submission and its confirmation through the store, beside
// a raw baseline that writes the same rows through the same driver with
// hand-written SQL, in the same run; and a batch of 1,000 check-ins in one
// transaction. Each benchmark writes into a new, migrated database (a file
// or a schema), so both sides pay for the same tables, indexes and
// triggers.
//
//	go test -run '^$' -bench . -benchmem

// benchDB is a database for one benchmark: the store, and for the raw
// baseline the *sql.DB and the table prefix.
type benchDB struct {
	s       *sqlstore.Store
	db      *sql.DB
	dialect sqlstore.Dialect
	prefix  string
}

func benchDatabases(b *testing.B) []struct {
	name string
	open func(b *testing.B) benchDB
} {
	return []struct {
		name string
		open func(b *testing.B) benchDB
	}{
		{"SQLite", func(b *testing.B) benchDB {
			db, _ := openSQLite(b)
			s, err := sqlstore.New(b.Context(), db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
			if err != nil {
				b.Fatal(err)
			}
			return benchDB{s, db, sqlstore.SQLite, ""}
		}},
		{"PostgreSQL", func(b *testing.B) benchDB {
			db := openPostgres(b)
			schema := newSchemaName()
			dropSchemaAtEnd(b, db, schema)
			s, err := sqlstore.New(b.Context(), db, sqlstore.PostgreSQL, &sqlstore.Options{Migrate: true, Schema: schema})
			if err != nil {
				b.Fatal(err)
			}
			return benchDB{s, db, sqlstore.PostgreSQL, `"` + schema + `".`}
		}},
	}
}

// lifecycle is a submission and its confirmation, built before the clock
// starts.
type lifecycle struct {
	pending, confirmed registration.Registration
	submitted, decided []registration.Event
}

func lifecycles(b *testing.B, n int) []lifecycle {
	b.Helper()
	out := make([]lifecycle, n)
	for i := range out {
		r, evs, err := pending(registration.ID(fmt.Sprintf("bench%08d", i)), i)
		if err != nil {
			b.Fatal(err)
		}
		c, cevs, err := confirm(r)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = lifecycle{r, c, evs, cevs}
	}
	return out
}

// BenchmarkSubmitConfirm: a registration submitted in one transaction and
// confirmed in a second, through the store (Store) and by hand (RawSQL).
func BenchmarkSubmitConfirm(b *testing.B) {
	for _, d := range benchDatabases(b) {
		b.Run(d.name+"/Store", func(b *testing.B) {
			db := d.open(b)
			ctx := b.Context()
			ls := lifecycles(b, b.N)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				l := &ls[i]
				if err := db.s.Update(ctx, func(tx store.Tx) error { return tx.CreateRegistration(ctx, l.pending, l.submitted) }); err != nil {
					b.Fatal(err)
				}
				if err := db.s.Update(ctx, func(tx store.Tx) error {
					return tx.UpdateRegistration(ctx, l.confirmed, l.pending.Version, l.decided)
				}); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submit+confirm/s")
		})
		b.Run(d.name+"/RawSQL", func(b *testing.B) {
			db := d.open(b)
			ctx := b.Context()
			ls := lifecycles(b, b.N)
			raw := newRawWriter(db)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				l := &ls[i]
				if err := raw.inTx(ctx, func(tx *sql.Tx) error { return raw.create(ctx, tx, l.pending, l.submitted) }); err != nil {
					b.Fatal(err)
				}
				if err := raw.inTx(ctx, func(tx *sql.Tx) error { return raw.update(ctx, tx, l.confirmed, l.pending.Version, l.decided) }); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "submit+confirm/s")
		})
	}
}

const batchSize = 1000

// checkIns returns n hotel check-ins, confirmed in the step that files
// them (version 2, two events), of foreigners of their own.
func checkIns(b *testing.B, round, n int) []lifecycle {
	b.Helper()
	h, err := host(49999)
	if err != nil {
		b.Fatal(err)
	}
	h.Kind, h.Name = registration.HostHotel, "Hotel Almaty"
	out := make([]lifecycle, n)
	for i := range out {
		p := person(round*batchSize + i)
		s := registration.Submission{
			ID: registration.ID(fmt.Sprintf("hotel%04d-%04d", round, i)), Person: p, Host: h, Place: registration.Hotel, Entry: entryDay,
			Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: fmt.Sprint(i)},
		}.WithIDs(demo)
		r, evs, err := registration.Submit(s, registration.HostActor(s.HostID), submittedAt, hostDueDay, validUntil)
		if err != nil {
			b.Fatal(err)
		}
		out[i] = lifecycle{confirmed: r, decided: evs}
	}
	return out
}

// BenchmarkCheckInBatch: 1,000 hotel check-ins (each a confirmed
// registration with its two events and the guest's person record) in one
// transaction, through the store and by hand. One op is the whole batch.
func BenchmarkCheckInBatch(b *testing.B) {
	for _, d := range benchDatabases(b) {
		b.Run(d.name+"/Store", func(b *testing.B) {
			db := d.open(b)
			ctx := b.Context()
			rounds := make([][]lifecycle, b.N)
			for i := range rounds {
				rounds[i] = checkIns(b, i, batchSize)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				err := db.s.Update(ctx, func(tx store.Tx) error {
					for _, l := range rounds[i] {
						if err := tx.CreateRegistration(ctx, l.confirmed, l.decided); err != nil {
							return err
						}
						if err := tx.PutForeigner(ctx, l.confirmed.Foreigner, l.confirmed.Person); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "registrations/s")
		})
		b.Run(d.name+"/RawSQL", func(b *testing.B) {
			db := d.open(b)
			ctx := b.Context()
			rounds := make([][]lifecycle, b.N)
			for i := range rounds {
				rounds[i] = checkIns(b, i, batchSize)
			}
			raw := newRawWriter(db)
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				err := raw.inTx(ctx, func(tx *sql.Tx) error {
					for _, l := range rounds[i] {
						if err := raw.create(ctx, tx, l.confirmed, l.decided); err != nil {
							return err
						}
						if err := raw.person(ctx, tx, l.confirmed.Person); err != nil {
							return err
						}
					}
					return nil
				})
				if err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.N*batchSize)/b.Elapsed().Seconds(), "registrations/s")
		})
	}
}

// BenchmarkStoretest runs the conformance suite's benchmarks, for
// comparison with store/memstore.
func BenchmarkStoretest(b *testing.B) {
	for _, d := range benchDatabases(b) {
		b.Run(d.name, func(b *testing.B) {
			storetest.RunBenchmarks(b, func(b *testing.B) store.Store { return d.open(b).s })
		})
	}
}

// rawWriter writes the store's rows with hand-written SQL in plain
// database/sql transactions: the baseline of the benchmarks.
type rawWriter struct {
	db                                           *sql.DB
	insertReg, insertEvent, updateReg, putPerson string
	sqlite                                       bool
}

func newRawWriter(d benchDB) rawWriter {
	p := d.prefix
	w := rawWriter{
		db:          d.db,
		insertReg:   "INSERT INTO " + p + "registrations (id, version, state, foreigner, host_id, entry, valid_until, submitted_at, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
		insertEvent: "INSERT INTO " + p + "registration_events (registration_id, seq, type, at, body) VALUES (?, ?, ?, ?, ?)",
		updateReg:   "UPDATE " + p + "registrations SET version = ?, state = ?, valid_until = ?, body = ? WHERE id = ? AND version = ?",
		putPerson:   "INSERT INTO " + p + "foreigners (id, body) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET body = excluded.body",
		sqlite:      d.dialect == sqlstore.SQLite,
	}
	if d.dialect == sqlstore.PostgreSQL {
		w.insertReg = dollar(w.insertReg)
		w.insertEvent = dollar(w.insertEvent)
		w.updateReg = dollar(w.updateReg)
		w.putPerson = dollar(w.putPerson)
	}
	return w
}

func dollar(q string) string {
	n := 0
	out := make([]byte, 0, len(q)+16)
	for i := 0; i < len(q); i++ {
		if q[i] == '?' {
			n++
			out = fmt.Appendf(out, "$%d", n)
			continue
		}
		out = append(out, q[i])
	}
	return string(out)
}

func (w rawWriter) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := w.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

func nullDate(s string) any {
	if s == "" {
		return nil
	}
	return s
}

const rawInstant = "2006-01-02T15:04:05.000000000Z"

// instant returns an instant as the store writes it: on SQLite the
// microseconds since 1970 (schema 6), on PostgreSQL text it casts.
func (w rawWriter) instant(t time.Time) any {
	if w.sqlite {
		return t.UnixMicro()
	}
	return t.UTC().Format(rawInstant)
}

func (w rawWriter) create(ctx context.Context, tx *sql.Tx, r registration.Registration, evs []registration.Event) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	validUntil := ""
	if !r.ValidUntil.IsZero() {
		validUntil = r.ValidUntil.String()
	}
	if _, err := tx.ExecContext(ctx, w.insertReg, string(r.ID), r.Version, r.State.String(), string(r.Foreigner), string(r.HostID),
		r.Entry.String(), nullDate(validUntil), w.instant(r.SubmittedAt), string(body)); err != nil {
		return err
	}
	return w.events(ctx, tx, evs)
}

func (w rawWriter) events(ctx context.Context, tx *sql.Tx, evs []registration.Event) error {
	for _, e := range evs {
		body, err := json.Marshal(e)
		if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, w.insertEvent, string(e.Registration), e.Seq, e.Type.String(), w.instant(e.At), string(body)); err != nil {
			return err
		}
	}
	return nil
}

func (w rawWriter) update(ctx context.Context, tx *sql.Tx, r registration.Registration, expected int, evs []registration.Event) error {
	body, err := json.Marshal(r)
	if err != nil {
		return err
	}
	res, err := tx.ExecContext(ctx, w.updateReg, r.Version, r.State.String(), r.ValidUntil.String(), string(body), string(r.ID), expected)
	if err != nil {
		return err
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return fmt.Errorf("update of %s: %d rows, %v", r.ID, n, err)
	}
	return w.events(ctx, tx, evs)
}

func (w rawWriter) person(ctx context.Context, tx *sql.Tx, p registration.Person) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	_, err = tx.ExecContext(ctx, w.putPerson, string(demo.Foreigner(p)), string(body))
	return err
}
