package dbtest_test

import (
	"context"
	"database/sql"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	_ "modernc.org/sqlite" // the driver, registered as "sqlite"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/sqlstore"
)

// A durable setup on one machine: the Service over SQLite in a file. What a
// command stores survives a restart (here: closing and opening the
// database again).
func Example_durableSQLite() {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "migreg-example")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "migreg.db") // e.g. /var/lib/myapp/migreg.db

	// open opens the database and the Service on it. The defaults of
	// modernc.org/sqlite (synchronous=FULL) survive a power cut; sqlstore
	// switches the file to WAL mode and sets the busy timeout and foreign
	// keys on each connection itself.
	now := calendar.MustParseDate("2026-07-03").In(calendar.KazakhstanZone()).Add(9 * time.Hour)
	// Close the store before the database: the store's writer keeps a
	// connection of the pool.
	open := func() (*migreg.Service, func(), error) {
		db, err := sql.Open("sqlite", "file:"+path)
		if err != nil {
			return nil, nil, err
		}
		s, err := sqlstore.New(ctx, db, sqlstore.SQLite, &sqlstore.Options{Migrate: true})
		if err != nil {
			db.Close()
			return nil, nil, err
		}
		closeAll := func() { s.Close(); db.Close() }
		svc, err := migreg.New(s, &migreg.Options{InsecureDemoKeys: true,
			Clock:  migreg.ClockFunc(func() time.Time { return now }),
			Logger: slog.New(slog.DiscardHandler),
		})
		if err != nil {
			closeAll()
			return nil, nil, err
		}
		return svc, closeAll, nil
	}

	svc, closeAll, err := open()
	if err != nil {
		fmt.Println(err)
		return
	}
	iin, _ := kzid.ParseIIN("061211600012")
	r, err := svc.Submit(ctx, migreg.SubmitRequest{
		Submission: registration.Submission{
			Person: registration.Person{
				Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"), Sex: kzid.Male, Citizenship: "UZB",
				Document: registration.Document{Kind: registration.Passport, Number: "FA1234567", IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
			},
			Host:    registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin, Contact: registration.Contact{Phone: "+77011234567"}},
			Address: registration.Address{Region: "Алматы", Street: "пр. Абая", Building: "10", Unit: "5"},
			Place:   registration.PrivateHome,
			Entry:   calendar.MustParseDate("2026-07-01"),
		},
		IdempotencyKey: "cabinet-7f3a",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if _, err := svc.Confirm(ctx, r.ID, registration.HostActor(r.HostID)); err != nil {
		fmt.Println(err)
		return
	}
	closeAll()

	// After a restart.
	svc, closeAll, err = open()
	if err != nil {
		fmt.Println(err)
		return
	}
	defer closeAll()
	got, err := svc.Registration(ctx, r.ID)
	if err != nil {
		fmt.Println(err)
		return
	}
	history, _ := svc.History(ctx, r.ID)
	fmt.Println(got.State, "until", got.ValidUntil)
	for _, e := range history {
		fmt.Println(e.Seq, e.Type, "by", e.Actor.Kind)
	}
	// Output:
	// confirmed until 2026-07-30
	// 1 submitted by foreigner
	// 2 confirmed by host
}
