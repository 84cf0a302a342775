package migreg_test

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/store/memstore"
)

// A PMS's API: the batch arrives as raw JSON, one item with a malformed
// IIN, and the results go back as JSON, each item's registration or its
// error in its public form.
func ExampleService_SubmitBatchJSON() {
	now := calendar.MustParseDate("2026-07-14").In(calendar.KazakhstanZone()).Add(15 * time.Hour)
	n := 0
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{InsecureDemoKeys: true,
		Clock: migreg.ClockFunc(func() time.Time { return now }),
		NewID: func() string { n++; return fmt.Sprintf("r-%d", n) },
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	guest := func(doc, iin string) string {
		return `{"submission": {
		  "person": {"surname": "KARIMOV", "given_names": "AZIZ", "birth_date": "1990-04-12", "sex": "male",
		    "citizenship": "UZB", "iin": "` + iin + `", "document": {"kind": "passport", "number": "` + doc + `",
		    "issuing_country": "UZB", "expiry": "2031-01-31"}},
		  "host": {"kind": "hotel", "name": "Hotel Almaty", "bin": "940140000385", "size": "large",
		    "contact": {"email": "desk@hotel.example"}},
		  "address": {"region": "Алматы", "street": "ул. Сатпаева", "building": "29/6", "unit": "room 214"},
		  "place": "hotel", "entry": "2026-07-14"},
		  "by": {"kind": "host", "id": "h_demo_bbpg5sou56rhhp1t4o6kn9vb9t"},
		  "idempotency_key": "stay-` + doc + `"}`
	}
	body := []byte("[" + guest("FA1000001", "") + "," + guest("FA1000002", "12345") + "]")

	results, err := svc.SubmitBatchJSON(context.Background(), body, migreg.BatchOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, r := range results {
		out, _ := json.Marshal(r)
		if r.Err == nil {
			fmt.Printf("item %d: %s %s\n", r.Index, r.Registration.ID, r.Registration.State)
			continue
		}
		fmt.Printf("item %d: %s\n", r.Index, out)
	}
	// Output:
	// item 0: r-1 confirmed
	// item 1: {"index":1,"error":{"code":"invalid","message":"migreg: submit: registration: invalid input: person.iin: invalid","problems":[{"path":"person.iin","code":"invalid"}]}}
}
