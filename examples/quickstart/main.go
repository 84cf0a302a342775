// Command quickstart tells one foreigner's story with migreg, on the
// in-memory store, with no setup:
//
//	go run ./examples/quickstart
//
// An Uzbek citizen, back for a second visit, enters Kazakhstan on Thursday
// 15 October 2026 (MVD order No. 923 is in force). The program shows the
// stay limits and the registration deadline with their explanation; the
// foreigner submits a registration at a flat, the host confirms it, and the
// certificate is printed and verified. The foreigner then moves on Friday 23
// October, and the 5-working-day re-registration deadline is explained day
// by day across Republic Day (a Sunday in 2026, so Monday 26 October is off
// instead). Finally a second foreigner, a citizen of Kyrgyzstan who never
// registered, is assessed on a later date: the violation, the article of
// the Code of Administrative Offences and the fine in tenge.
//
// Every date is fixed, and the clock is a variable the story moves forward,
// so the output is the same on every run. The program exits with status 1
// if any step fails.
//
// The certificates are signed with a key derived from a fixed, public seed
// so that the output is reproducible. A real deployment signs with a secret
// Ed25519 key and gives verifiers only its public half.
package main

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
	"github.com/migreg/migreg/store/memstore"
	"golang.org/x/text/language"
)

func main() {
	if err := run(os.Stdout); err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// story is the state the steps share: the Service and the clock the story
// moves forward.
type story struct {
	w   io.Writer
	svc *migreg.Service
	now time.Time
}

// at moves the story's clock to a time of day (in Kazakhstan) on a date.
func (s *story) at(d calendar.Date, hour, minute int) {
	s.now = d.In(calendar.KazakhstanZone()).Add(time.Duration(hour)*time.Hour + time.Duration(minute)*time.Minute)
}

func (s *story) today() calendar.Date { return calendar.DateOf(s.now) }

func (s *story) heading(n int, title string) {
	fmt.Fprintf(s.w, "\n%d. %s\n%s\n", n, title, strings.Repeat("-", len(fmt.Sprint(n))+2+len(title)))
}

func (s *story) printf(format string, args ...any) { fmt.Fprintf(s.w, format, args...) }

// deliver hands the outbox to the notifier, which prints each message.
func (s *story) deliver(ctx context.Context) error {
	_, err := s.svc.Deliver(ctx, 0)
	return err
}

func run(w io.Writer) error {
	ctx := context.Background()
	s := &story{w: w}

	// A fixed, public seed keeps the output reproducible. Production code
	// loads a secret Ed25519 key instead and never prints anything of it.
	seed := make([]byte, ed25519.SeedSize)
	copy(seed, "migreg quickstart: not a secret")
	key := ed25519.NewKeyFromSeed(seed)
	issuer, err := certificate.NewIssuer("demo-1", key)
	if err != nil {
		return err
	}
	var n int
	svc, err := migreg.New(memstore.New(nil), &migreg.Options{
		// The published demo key, for this demo only: in production
		// Options.Pseudonyms holds the application's secret key.
		InsecureDemoKeys: true,
		Clock:            migreg.ClockFunc(func() time.Time { return s.now }),
		Issuer:           issuer,
		Notifier: migreg.NotifierFunc(func(_ context.Context, m migreg.Notification) error {
			to := "the foreigner"
			if m.Kind == migreg.NotifyHostRequest || m.Kind == migreg.NotifyRequestClosed {
				to = "the host"
			}
			s.printf("   [notification] %s to %s about %s: %s\n", m.Kind, to, m.Registration, m.Body)
			return nil
		}),
		Logger: slog.New(slog.DiscardHandler),
		NewID:  func() string { n++; return fmt.Sprintf("r-%04d", n) },
	})
	if err != nil {
		return err
	}
	s.svc = svc
	keys, err := certificate.NewKeySet(map[string]ed25519.PublicKey{issuer.KeyID(): issuer.PublicKey()})
	if err != nil {
		return err
	}
	verifier := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}

	aziz := registration.Person{
		Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.NewDate(1990, time.April, 12),
		Sex: kzid.Male, Citizenship: "UZB",
		Document: registration.Document{
			Kind: registration.Passport, Number: "FA1234567", IssuingCountry: "UZB",
			Expiry: calendar.NewDate(2031, time.January, 31),
		},
	}
	entry := calendar.NewDate(2026, time.October, 15)

	// 1. Entry. The border data of an earlier summer visit is on record too:
	// it counts towards the 90/180 rule.
	s.heading(1, "Entry")
	earlier := []stay.Trip{{Entry: calendar.NewDate(2026, time.July, 1), Exit: calendar.NewDate(2026, time.July, 28)}}
	for _, t := range earlier {
		s.at(t.Entry, 8, 0)
		if err := svc.RecordEntry(ctx, aziz, t.Entry); err != nil {
			return err
		}
		s.at(t.Exit, 19, 0)
		if err := svc.RecordExit(ctx, foreignerID(ctx, svc, aziz), t.Exit); err != nil {
			return err
		}
	}
	s.printf("%v visited from %v to %v and left before his registration was due.\n", aziz, earlier[0].Entry, earlier[0].Exit)
	s.at(entry, 7, 40)
	if err := svc.RecordEntry(ctx, aziz, entry); err != nil {
		return err
	}
	s.printf("He enters Kazakhstan again on %v (%v).\n", entry, entry.Weekday())
	rules, err := svc.Rules().RulesFor(entry)
	if err != nil {
		return err
	}
	s.printf("The stay is judged under the rules in force on its entry date:\n%s.\n", rules.Basis)

	// 2. Stay limits.
	s.heading(2, "Stay limits")
	regime, err := svc.Rules().Regime(aziz.Citizenship, entry)
	if err != nil {
		return err
	}
	s.printf("Regime: %v\n", regime)
	st, err := svc.Status(ctx, foreignerID(ctx, svc, aziz), entry)
	if err != nil {
		return err
	}
	s.printf("On %v: day %d of this visit (per-visit cap %d days, %d left);\n", entry, st.Stay.VisitDay, regime.PerVisitDays, st.Stay.VisitRemaining)
	s.printf("%d of %d days used in the 180-day window, %d left.\n", st.Stay.Used, regime.Cap.Days, st.Stay.Remaining)
	s.printf("Latest exit: %v (%v), set by the %v limit.\n", st.Stay.LatestExit, st.Stay.LatestExit.Weekday(), st.Stay.LatestExitBy)
	// The planning query explains the cumulative cap on the last day of the
	// longest stay: the earlier trip plus this one, entry and exit days
	// both counted.
	plan, err := svc.Rules().StayPolicy.PlanStay(earlier, regime, entry)
	if err != nil {
		return err
	}
	s.printf("Longest stay: %v\nThe 90/180 window on its last day:\n%s\n", plan, indent(plan.Window().String()))

	// 3. Registration due.
	s.heading(3, "Registration due")
	due, err := svc.Rules().RegistrationDue(entry)
	if err != nil {
		return err
	}
	s.printf("Register no later than the 30th calendar day, the entry day being day 1:\n%s\n", indent(due.Explain()))

	// 4. Submit.
	s.heading(4, "Submit")
	hostIIN, err := kzid.ParseIIN("061211600012")
	if err != nil {
		return err
	}
	landlady := registration.Host{
		Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: hostIIN,
		Contact: registration.Contact{Phone: "+77011234567"},
	}
	flat := registration.Address{Region: "Алматы", Street: "пр. Абая", Building: "10", Unit: "5"}
	s.at(calendar.NewDate(2026, time.October, 16), 10, 30)
	r, err := svc.Submit(ctx, migreg.SubmitRequest{
		Submission: registration.Submission{
			Person: aziz, Host: landlady, Address: flat, Place: registration.PrivateHome, Entry: entry,
		},
		IdempotencyKey: "cabinet/karimov/2026-10-16",
	})
	if err != nil {
		return err
	}
	s.printf("On %v he submits a registration at %s, a flat of %v.\n", s.today(), flat, landlady)
	s.printf("Registration %s is %v; the host answers by %v, or the request lapses.\n", r.ID, r.State, r.HostDue)
	if err := s.deliver(ctx); err != nil {
		return err
	}

	// 5. Host confirms.
	s.heading(5, "Host confirms")
	s.at(calendar.NewDate(2026, time.October, 19), 9, 15)
	r, err = svc.Confirm(ctx, r.ID, registration.HostActor(svc.HostID(landlady)))
	if err != nil {
		return err
	}
	s.printf("On %v the host confirms in her app: %s is %v, valid until %v (the latest exit).\n", s.today(), r.ID, r.State, r.ValidUntil)
	if err := s.deliver(ctx); err != nil {
		return err
	}

	// 6. Certificate.
	s.heading(6, "Certificate")
	c, token, err := svc.Certificate(ctx, r.ID)
	if err != nil {
		return err
	}
	if err := certificate.Render(w, c, certificate.English, certificate.Text); err != nil {
		return err
	}
	s.printf("Token (the content of its QR code, %d characters):\n%s\n", len(token), token)
	checked := calendar.NewDate(2026, time.October, 20)
	got, err := verifier.Verify(ctx, token, checked)
	if err != nil {
		return fmt.Errorf("verify the certificate: %w", err)
	}
	s.printf("Verified on %v: certificate %v is authentic and in force (%v to %v).\n", checked, got.Number, got.ValidFrom, got.ValidUntil)
	s.printf("(This demo signs with a key from a fixed, public seed; production uses a secret key.)\n")

	// 7. Move.
	s.heading(7, "Move")
	moved := calendar.NewDate(2026, time.October, 23)
	s.printf("On %v (%v) he moves out of the flat on пр. Абая to a flat on ул. Толе би.\n", moved, moved.Weekday())

	// 8. Re-registration deadline.
	s.heading(8, "Re-registration deadline")
	redue, err := svc.Rules().ReregistrationDue(entry, moved)
	if err != nil {
		return err
	}
	s.printf("Register at the new address within 5 working days, counted from the day after the move:\n%s\n", indent(redue.Explain()))

	newIIN, err := kzid.NewIIN(calendar.NewDate(1978, time.May, 20), kzid.Male, 4021)
	if err != nil {
		return err
	}
	newHost := registration.Host{
		Kind: registration.HostIndividual, Name: "Serik Nurlanov", IIN: newIIN,
		Contact: registration.Contact{Phone: "+77017654321"},
	}
	newFlat := registration.Address{Region: "Алматы", Street: "ул. Толе би", Building: "55", Unit: "12"}
	s.at(calendar.NewDate(2026, time.October, 27), 11, 0)
	m, err := svc.Move(ctx, migreg.MoveRequest{
		From: r.ID, On: moved, Host: newHost, Address: newFlat, Place: registration.PrivateHome,
		IdempotencyKey: "cabinet/karimov/2026-10-27",
	})
	if err != nil {
		return err
	}
	s.printf("On %v he files %s at %s (%v); the old address stays active meanwhile.\n", s.today(), m.ID, newFlat, m.State)
	if err := s.deliver(ctx); err != nil {
		return err
	}
	s.at(calendar.NewDate(2026, time.October, 27), 18, 5)
	m, err = svc.Confirm(ctx, m.ID, registration.HostActor(svc.HostID(newHost)))
	if err != nil {
		return err
	}
	old, err := svc.Registration(ctx, r.ID)
	if err != nil {
		return err
	}
	s.printf("The new host confirms the same day: %s is %v until %v; %s is %v by %s, in the same commit.\n",
		m.ID, m.State, m.ValidUntil, old.ID, old.State, old.SupersededBy)
	if err := s.deliver(ctx); err != nil {
		return err
	}
	if _, err := verifier.Verify(ctx, token, s.today()); !errors.Is(err, certificate.ErrRevoked) {
		return fmt.Errorf("the old address's certificate: got %v, want it revoked", err)
	}
	s.printf("The certificate of the old address now fails verification: it is revoked.\n")
	later := redue.Due.AddDays(1)
	vs, err := svc.Assess(ctx, foreignerID(ctx, svc, aziz), later)
	if err != nil {
		return err
	}
	s.printf("Violations of %s assessed on %v, after the deadline: %d. He re-registered in time.\n", aziz.Surname, later, len(vs))
	if len(vs) != 0 {
		return fmt.Errorf("unexpected violations: %v", vs)
	}

	// 9. A second foreigner, who never registered.
	s.heading(9, "A second foreigner assessed")
	bakyt := registration.Person{
		Surname: "ASANOV", GivenNames: "BAKYT", BirthDate: calendar.NewDate(1995, time.March, 3),
		Sex: kzid.Male, Citizenship: "KGZ",
		Document: registration.Document{
			Kind: registration.Passport, Number: "AC7654321", IssuingCountry: "KGZ",
			Expiry: calendar.NewDate(2029, time.June, 30),
		},
	}
	bEntry := calendar.NewDate(2026, time.October, 1)
	s.at(bEntry, 6, 20)
	if err := svc.RecordEntry(ctx, bakyt, bEntry); err != nil {
		return err
	}
	bDue, err := svc.Rules().RegistrationDue(bEntry)
	if err != nil {
		return err
	}
	assessed := calendar.NewDate(2026, time.November, 5)
	s.at(assessed, 12, 0)
	bst, err := svc.Status(ctx, foreignerID(ctx, svc, bakyt), assessed)
	if err != nil {
		return err
	}
	bRegime, err := svc.Rules().Regime(bakyt.Citizenship, bEntry)
	if err != nil {
		return err
	}
	s.printf("%v entered on %v.\nRegime: %v; latest exit %v.\nHe was due to register by %v.\n",
		bakyt, bEntry, bRegime, bst.Stay.LatestExit, bDue.Due)
	s.printf("He never registered. Assessed on %v:\n", assessed)
	vs, err = svc.Assess(ctx, foreignerID(ctx, svc, bakyt), assessed)
	if err != nil {
		return err
	}
	if len(vs) == 0 {
		return errors.New("the second foreigner has no violation")
	}
	msgs := registration.NewMessages()
	for _, v := range vs {
		lasting := fmt.Sprintf("%d days", v.Days)
		if v.Ongoing {
			lasting += " so far, still ongoing"
		}
		s.printf("  violation: %s (%v) by the %v, since %v: %s\n",
			msgs.Offence(language.English, v.Offence), v.Offence, v.Offender, v.Since, lasting)
		s.printf("  article:   КоАП РК %v\n", v.Citation())
		if v.Sanction == nil {
			s.printf("  sanction:  not priced: %v\n", v.Unpriced)
			continue
		}
		s.printf("  sanction:  %v (confidence: %v)\n", v.Sanction.Rule.Sanction, v.Sanction.Confidence())
		s.printf("  fine:      %s (%d MRP × %s, the %d MRP)\n",
			penalty.FormatTenge(v.Sanction.Amount), v.Sanction.Rule.Sanction.FineMRP,
			penalty.FormatTenge(v.Sanction.MRP.Amount), v.Sanction.MRP.Year)
	}
	return nil
}

// indent indents every line of s by four spaces.
func indent(s string) string {
	s = strings.TrimRight(s, "\n")
	return "    " + strings.ReplaceAll(s, "\n", "\n    ")
}

// foreignerID is the ID the Service knows p by. With one key it reads
// nothing and cannot fail; a Service with retired keys reads the store.
func foreignerID(ctx context.Context, svc *migreg.Service, p registration.Person) registration.ForeignerID {
	id, _ := svc.ForeignerID(ctx, p)
	return id
}
