package registration

import (
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"golang.org/x/text/language"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/migreg/migreg/registration/stay"
)

// rulebookView is everything a rulebook tells a caller, as copies, so it
// can be compared after the rulebook's users have changed what they were
// given: its fields as plain data (the calendar's days off and confirmed
// years, the regime rows, the catalogue's rows, MRP table and policy)
// and the deadlines and regimes its methods give.
type rulebookView struct {
	Rules      []Rules
	StayPolicy stay.Policy

	DaysOff   map[int][]calendar.DayOff
	Confirmed map[int]bool

	Regimes []stay.Regime
	Regime  stay.Regime

	Penalties     []penalty.Rule
	MRP           []penalty.MRP
	PenaltyPolicy penalty.Policy

	RulesFor                        Rules
	RegistrationDue, HostAnswerDue  calendar.Date
	ReregistrationDue, HostNotified calendar.Date
}

func viewOfRulebook(t testing.TB, rb *Rulebook) rulebookView {
	t.Helper()
	v := rulebookView{
		Rules:      append([]Rules(nil), rb.Rules...),
		StayPolicy: rb.StayPolicy,
		DaysOff:    map[int][]calendar.DayOff{},
		Confirmed:  map[int]bool{},
		Regimes:    rb.Regimes.Rows(),

		Penalties:     rb.Penalties.Rules(),
		MRP:           rb.Penalties.MRPTable(),
		PenaltyPolicy: rb.Penalties.Policy(),
	}
	for y := 2015; y <= 2028; y++ {
		v.DaysOff[y] = rb.Calendar.DaysOff(y)
		v.Confirmed[y] = rb.Calendar.Confirmed(y)
	}
	var err error
	check := func(what string, e error) {
		if e != nil {
			t.Errorf("%s error = %v", what, e)
		}
	}
	entry, later := calendar.MustParseDate("2026-07-01"), calendar.MustParseDate("2026-07-10")
	v.Regime, err = rb.Regime("UZB", entry)
	check("Regime(UZB)", err)
	v.RulesFor, err = rb.RulesFor(entry)
	check("RulesFor", err)
	due, err := rb.RegistrationDue(entry)
	check("RegistrationDue", err)
	v.RegistrationDue = due.Due
	due, err = rb.ReregistrationDue(entry, later)
	check("ReregistrationDue", err)
	v.ReregistrationDue = due.Due
	due, err = rb.HostAnswerDue(entry, later)
	check("HostAnswerDue", err)
	v.HostAnswerDue = due.Due
	due, err = rb.HostNotificationDue(calendar.MustParseDate("2026-03-06"), calendar.MustParseDate("2026-03-06"))
	check("HostNotificationDue", err)
	v.HostNotified = due.Due
	return v
}

// spoilRulebook changes everything a caller can reach from rb: every
// field, what the methods of the rulebook and of its calendar, table and
// catalogue return, the values behind its pointers, and finally *rb.
func spoilRulebook(rb *Rulebook) {
	for i := range rb.Rules {
		r := &rb.Rules[i]
		r.Name, r.Basis, r.Regime = "changed", "changed", SelfRegistration+HostNotification
		r.From, r.To = calendar.MustParseDate("1999-01-01"), calendar.MustParseDate("1999-01-02")
		r.RegistrationDays, r.ReregistrationWorkingDays = 1, 1
		r.HostNotificationWorkingDays, r.HostAnswerWorkingDays = 1, 1
		r.RegistrationCount = calendar.PeriodOptions{EventDayCounts: true, RollForward: true}
		r.LateConfirmationIsHostOffence = true
	}
	_ = append(rb.Rules, Rules{Name: "appended"}) // into any spare capacity
	rb.StayPolicy = stay.Policy{ExcludeExitDay: true, WindowEndsDayBefore: true}

	on := calendar.MustParseDate("2026-07-01")
	if r, err := rb.Regime("UZB", on); err == nil {
		for i := range r.Sources {
			r.Sources[i] = "changed"
		}
	}
	for y := 2015; y <= 2028; y++ {
		days := rb.Calendar.DaysOff(y)
		for i := range days {
			days[i].Date, days[i].Names.En = days[i].Date.AddDays(1), "changed"
		}
	}
	rows := rb.Regimes.Rows()
	for i := range rows {
		rows[i].PerVisitDays = 1
		for j := range rows[i].Sources {
			rows[i].Sources[j] = "changed"
		}
	}
	penalties := rb.Penalties.Rules()
	for i := range penalties {
		penalties[i].Sanction.FineMRP = 1000
	}
	mrp := rb.Penalties.MRPTable()
	for i := range mrp {
		mrp[i].Year = 1999
	}

	// Two more days off in July 2026: the zero Calendar would answer as
	// Kazakhstan's, and spoil nothing.
	spoiled, err := rb.Calendar.WithTransferOrder(calendar.TransferOrder{Year: 2026, Act: "spoil", Transfers: []calendar.Transfer{
		{DayOff: calendar.MustParseDate("2026-07-08"), WorkingDay: calendar.MustParseDate("2026-07-18")},
		{DayOff: calendar.MustParseDate("2026-07-14"), WorkingDay: calendar.MustParseDate("2026-07-25")}}})
	if err != nil {
		panic(err)
	}
	*rb.Calendar = *spoiled
	*rb.Regimes = stay.Table{}
	*rb.Penalties = penalty.Catalogue{}
	*rb = Rulebook{}
}

// TestDefaultRulebookResultsAreIndependent: whatever a caller does to one
// default rulebook, the next DefaultRulebook answers as before.
func TestDefaultRulebookResultsAreIndependent(t *testing.T) {
	want := viewOfRulebook(t, DefaultRulebook())
	spoilRulebook(DefaultRulebook())
	if diff := cmp.Diff(want, viewOfRulebook(t, DefaultRulebook())); diff != "" {
		t.Errorf("DefaultRulebook() after a caller changed an earlier one (-want +got):\n%s", diff)
	}
	if got := DefaultRules(); !cmp.Equal(want.Rules, got) {
		t.Errorf("DefaultRules() after a caller changed a rulebook's = %v; want %v", got, want.Rules)
	}
}

// messagesView is everything a Messages tells a caller: its languages
// and keys, every stored text in every language, and a few rendered ones.
type messagesView struct {
	Languages []string
	Keys      []string
	Texts     map[string]string // "tag key" → text
	Match     string
	State     string
	Error     string
}

func viewOfMessages(m *Messages) messagesView {
	v := messagesView{Keys: m.Keys(), Texts: map[string]string{}}
	for _, tag := range m.Languages() {
		v.Languages = append(v.Languages, tag.String())
		for _, key := range v.Keys {
			if s, ok := m.Text(tag, key); ok {
				v.Texts[tag.String()+" "+key] = s
			}
		}
	}
	v.Match = m.Match("de-DE,kk;q=0.9,ru;q=0.8").String()
	v.State = m.State(language.Russian, Confirmed)
	v.Error = m.Error(language.Kazakh, &ValidationError{Problems: []Problem{{"person.document.expiry", CodeExpiredBeforeEntry}}})
	return v
}

// spoilMessages changes everything a caller can reach from m: the
// languages and keys it returns, and finally *m.
func spoilMessages(m *Messages) {
	tags := m.Languages()
	for i := range tags {
		tags[i] = language.Ukrainian
	}
	_ = append(tags, language.German) // into any spare capacity
	keys := m.Keys()
	for i := range keys {
		keys[i] = "changed"
	}
	_ = append(keys, "appended")
	*m = Messages{}
}

// TestNewMessagesResultsAreIndependent: whatever a caller does to one
// Messages, the next NewMessages answers as before.
func TestNewMessagesResultsAreIndependent(t *testing.T) {
	want := viewOfMessages(NewMessages())
	if len(want.Keys) == 0 || len(want.Texts) != len(want.Keys)*len(want.Languages) {
		t.Fatalf("NewMessages() has %d keys, %d languages and %d texts; want a text per key and language",
			len(want.Keys), len(want.Languages), len(want.Texts))
	}
	spoilMessages(NewMessages())
	if diff := cmp.Diff(want, viewOfMessages(NewMessages())); diff != "" {
		t.Errorf("NewMessages() after a caller changed an earlier one (-want +got):\n%s", diff)
	}
}

// TestConveniencesConcurrentUse calls DefaultRulebook and NewMessages
// from many goroutines at once, each using what it got and then spoiling
// it (run with -race).
func TestConveniencesConcurrentUse(t *testing.T) {
	entry := calendar.MustParseDate("2026-07-01")
	wantDue, err := DefaultRulebook().RegistrationDue(entry)
	if err != nil {
		t.Fatalf("RegistrationDue(%v) error = %v", entry, err)
	}
	wantRegime, err := DefaultRulebook().Regime("UZB", entry)
	if err != nil {
		t.Fatalf("Regime(UZB, %v) error = %v", entry, err)
	}
	wantState := NewMessages().State(language.Kazakh, Confirmed)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for range 16 {
		wg.Go(func() {
			<-start
			rb, m := DefaultRulebook(), NewMessages()
			if due, err := rb.RegistrationDue(entry); err != nil || due.Due != wantDue.Due {
				t.Errorf("DefaultRulebook().RegistrationDue(%v) = %v, %v; want %v", entry, due.Due, err, wantDue.Due)
			}
			if r, err := rb.Regime("UZB", entry); err != nil || !cmp.Equal(r, wantRegime) {
				t.Errorf("DefaultRulebook().Regime(UZB, %v) = %v, %v; want %v", entry, r, err, wantRegime)
			}
			if got := m.State(language.Kazakh, Confirmed); got != wantState {
				t.Errorf("NewMessages().State(kk, Confirmed) = %q; want %q", got, wantState)
			}
			spoilRulebook(rb)
			spoilMessages(m)
		})
	}
	close(start)
	wg.Wait()
}
