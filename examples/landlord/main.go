// Command landlord shows the host's side of migreg: a landlady who lets
// rooms in her flat receives registration requests in her app, confirms
// one and refuses one, and the foreigners are told the outcome, each in
// their own language. It runs on the in-memory store:
//
//	go run ./examples/landlord
//
// Under MVD order No. 923 the foreigner files the registration and names
// the host, who confirms or refuses it in an app. Here three foreigners name
// her on Monday 7 September 2026. The Service stores each request with a
// host_request notification in its outbox, in the same commit, and
// Service.Deliver hands the outbox to a Notifier: this program's Notifier
// plays the phones, routing host requests to her app and decisions to the
// foreigners. Her app decodes each request, looks up who is asking, and
// answers: she confirms a tenant she knows and refuses a stranger, with
// a reason. The third request she leaves unanswered; after her 3 working
// days, Service.Sweep lets it lapse, and that foreigner is told too.
//
// Delivery is at least once, so the receiving side drops repeats by
// Notification.ID. Every date is fixed, so every run prints the same.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/store/memstore"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "landlord:", err)
		os.Exit(1)
	}
}

// hostRequest is the body of a host_request notification, as the Service
// writes it.
type hostRequest struct {
	Registration registration.ID    `json:"registration"`
	Event        string             `json:"event"`
	On           calendar.Date      `json:"on"`
	HostDue      calendar.Date      `json:"host_due"`
	Address      string             `json:"address"`
	Place        registration.Place `json:"place"`
	Entry        calendar.Date      `json:"entry"`
}

// decision is the body of a decision notification.
type decision struct {
	Registration registration.ID        `json:"registration"`
	Event        registration.EventType `json:"event"`
	On           calendar.Date          `json:"on"`
	Reason       *registration.Reason   `json:"reason"`
	ValidUntil   calendar.Date          `json:"valid_until"`
}

// phones plays the receiving side: the host's app and the foreigners'
// phones. It keeps each notification once, by ID, as a receiver of
// at-least-once delivery must.
type phones struct {
	seen  map[string]bool
	inbox map[string][]migreg.Notification // by recipient: a HostID or a ForeignerID
}

// Notify implements migreg.Notifier.
func (p *phones) Notify(_ context.Context, n migreg.Notification) error {
	if p.seen[n.ID] {
		return nil // a repeat of a message already shown
	}
	p.seen[n.ID] = true
	p.inbox[n.To] = append(p.inbox[n.To], n)
	return nil
}

// take empties a recipient's inbox.
func (p *phones) take(to string) []migreg.Notification {
	ns := p.inbox[to]
	delete(p.inbox, to)
	return ns
}

// tenant is a foreigner who names the landlady as host, with the language
// of their phone.
type tenant struct {
	person registration.Person
	entry  calendar.Date
	lang   string // the phone's language, a BCP 47 tag
}

func run(w io.Writer) error {
	ctx := context.Background()
	var now time.Time
	at := func(d calendar.Date, hour, minute int) {
		now = d.In(calendar.KazakhstanZone()).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
	}
	ph := &phones{seen: map[string]bool{}, inbox: map[string][]migreg.Notification{}}
	var n int
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{
		// The published demo key, for this demo only: in production
		// Options.Pseudonyms holds the application's secret key.
		InsecureDemoKeys: true,
		Clock:            migreg.ClockFunc(func() time.Time { return now }),
		Notifier:         ph,
		Logger:           slog.New(slog.DiscardHandler),
		NewID:            func() string { n++; return fmt.Sprintf("r-%04d", n) },
	})
	if err != nil {
		return err
	}
	msgs := registration.NewMessages()

	iin, err := kzid.ParseIIN("061211600012")
	if err != nil {
		return err
	}
	landlady := registration.Host{
		Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin,
		Contact: registration.Contact{Phone: "+77011234567", App: "app-7f3a"},
	}
	me := registration.HostActor(svc.HostID(landlady))
	tenants := []tenant{
		{person("KARIMOV", "AZIZ", "UZB", "FA1234567", kzid.Male), calendar.NewDate(2026, time.September, 1), "uz-UZ"},
		{person("RAHIMOV", "FARRUKH", "TJK", "400112233", kzid.Male), calendar.NewDate(2026, time.September, 3), "tg-TJ"},
		{person("ISMAILOVA", "AIDA", "KGZ", "AC9876543", kzid.Female), calendar.NewDate(2026, time.September, 4), "ky-KG"},
	}

	// The three foreigners file on Monday 7 September, naming her as host.
	submitted := calendar.NewDate(2026, time.September, 7)
	fmt.Fprintf(w, "Host: %v\n\n1. Requests filed on %v\n", landlady, submitted)
	for i, t := range tenants {
		at(t.entry, 8, 0)
		if err := svc.RecordEntry(ctx, t.person, t.entry); err != nil {
			return err
		}
		at(submitted, 10+i, 0)
		r, err := svc.Submit(ctx, migreg.SubmitRequest{Submission: registration.Submission{
			Person: t.person, Host: landlady, Place: registration.PrivateHome, Entry: t.entry,
			Address: registration.Address{Region: "Алматы", Street: "ул. Жандосова", Building: "3", Unit: fmt.Sprintf("%d", 41+i%2)},
		}})
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s filed by %v: %v\n", r.ID, t.person, r.State)
	}
	if _, err := svc.Deliver(ctx, 0); err != nil {
		return err
	}

	// 2. Her app shows the pending requests.
	fmt.Fprintf(w, "\n2. The host's app\n")
	var requests []hostRequest
	for _, note := range ph.take(string(svc.HostID(landlady))) {
		if note.Kind != migreg.NotifyHostRequest {
			return fmt.Errorf("the host got a %s notification", note.Kind)
		}
		var req hostRequest
		if err := json.Unmarshal(note.Body, &req); err != nil {
			return fmt.Errorf("decode notification %s: %w", note.ID, err)
		}
		// The notification carries no personal data; the app fetches the
		// registration to show who is asking.
		r, err := svc.Registration(ctx, req.Registration)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   [%s] %v asks to be registered at %s (%v), entered %v; answer by %v\n",
			note.ID, r.Person, req.Address, req.Place, req.Entry, req.HostDue)
		requests = append(requests, req)
	}
	if len(requests) != len(tenants) {
		return fmt.Errorf("the host received %d requests; want %d", len(requests), len(tenants))
	}

	// 3. She answers two of them on Tuesday.
	answered := calendar.NewDate(2026, time.September, 8)
	at(answered, 20, 15)
	fmt.Fprintf(w, "\n3. Her answers on %v\n", answered)
	ok, err := svc.Confirm(ctx, requests[0].Registration, me)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: confirmed (she knows her tenant); registered until %v\n", ok.ID, ok.ValidUntil)
	refusal := registration.Reason{Code: registration.HostRefusal, Note: "I do not know this person; he does not live in my flat"}
	no, err := svc.Reject(ctx, requests[1].Registration, me, refusal)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "   %s: %v, reason %v\n", no.ID, no.State, no.Reason)
	// Only the named host may answer.
	other := registration.HostActor(registration.HostID("h_someoneelse"))
	if _, err := svc.Confirm(ctx, requests[2].Registration, other); !errors.Is(err, registration.ErrForbidden) {
		return fmt.Errorf("another host confirming: got %v, want ErrForbidden", err)
	}
	fmt.Fprintf(w, "   %s: nobody else may answer it (another host's confirmation: %v)\n", requests[2].Registration, registration.ErrForbidden)
	fmt.Fprintf(w, "   She does not answer %s.\n", requests[2].Registration)
	if _, err := svc.Deliver(ctx, 0); err != nil {
		return err
	}
	if err := showDecisions(ctx, w, svc, ph, msgs, tenants); err != nil {
		return err
	}

	// 4. Her time to answer runs out.
	swept := requests[2].HostDue.AddDays(1)
	at(swept, 0, 30)
	rep, err := svc.Sweep(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "\n4. The nightly sweep on %v: %d request lapsed (the host's 3 working days ended on %v)\n", swept, rep.Lapsed, requests[2].HostDue)
	if _, err := svc.Deliver(ctx, 0); err != nil {
		return err
	}
	if err := showDecisions(ctx, w, svc, ph, msgs, tenants); err != nil {
		return err
	}
	// A refused or lapsed request does not count as filed: the foreigner
	// must still register by the 30th day, with this host or another.
	for _, t := range tenants[1:] {
		due, err := svc.Rules().RegistrationDue(t.entry)
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s is still not registered and must file again by %v.\n", t.person.Surname, due.Due)
	}

	// 5. Everything the landlady was asked, by state.
	fmt.Fprintf(w, "\n5. Requests naming %s\n", landlady.Name)
	for r, err := range svc.ByHost(ctx, svc.HostID(landlady), migreg.ListOptions{}) {
		if err != nil {
			return err
		}
		fmt.Fprintf(w, "   %s  %-9v %v\n", r.ID, r.State, r.Person)
	}
	return nil
}

// showDecisions prints the decisions each tenant's phone received, in the
// language the phone asks for.
func showDecisions(ctx context.Context, w io.Writer, svc *migreg.Service, ph *phones, msgs *registration.Messages, tenants []tenant) error {
	for _, t := range tenants {
		for _, note := range ph.take(string(foreignerID(ctx, svc, t.person))) {
			var d decision
			if err := json.Unmarshal(note.Body, &d); err != nil {
				return fmt.Errorf("decode notification %s: %w", note.ID, err)
			}
			tag := msgs.Match(t.lang)
			text := msgs.EventType(tag, d.Event)
			if d.Reason != nil {
				text += " — " + msgs.Reason(tag, *d.Reason)
			}
			if !d.ValidUntil.IsZero() {
				text += fmt.Sprintf(" (%v)", d.ValidUntil)
			}
			fmt.Fprintf(w, "   to %s's phone (%s, shown in %v): %s: %s\n", t.person.Surname, t.lang, tag, d.Event, text)
		}
	}
	return nil
}

func person(surname, given, citizenship, doc string, sex kzid.Sex) registration.Person {
	return registration.Person{
		Surname: surname, GivenNames: given, BirthDate: calendar.NewDate(1992, time.May, 17),
		Sex: sex, Citizenship: citizenship,
		Document: registration.Document{
			Kind: registration.Passport, Number: doc, IssuingCountry: citizenship,
			Expiry: calendar.NewDate(2031, time.January, 31),
		},
	}
}

var _ migreg.Notifier = (*phones)(nil)

// foreignerID is the ID the Service knows p by. With one key it reads
// nothing and cannot fail; a Service with retired keys reads the store.
func foreignerID(ctx context.Context, svc *migreg.Service, p registration.Person) registration.ForeignerID {
	id, _ := svc.ForeignerID(ctx, p)
	return id
}
