package storetest

import (
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// The suite is only as strict as diff: check that it finds what differs and
// ignores what a store may legitimately change.
func TestDiff(t *testing.T) {
	noon := time.Date(2026, time.July, 2, 12, 0, 0, 0, time.UTC)
	sub := &registration.Submission{ID: "reg0001", Entry: calendar.NewDate(2026, time.July, 1)}
	otherSub := &registration.Submission{ID: "reg0001", Entry: calendar.NewDate(2026, time.July, 2)}
	tests := []struct {
		name      string
		got, want any
		same      bool
	}{
		{"one instant in two locations", store.Message{CreatedAt: noon.In(calendar.KazakhstanZone())}, store.Message{CreatedAt: noon}, true},
		{"two instants", store.Message{CreatedAt: noon.Add(time.Second)}, store.Message{CreatedAt: noon}, false},
		{"nil and empty body", store.Message{Body: []byte{}}, store.Message{}, true},
		{"bodies", store.Message{Body: []byte("{}")}, store.Message{Body: []byte("[]")}, false},
		{"nil and empty slices", []registration.Event{}, []registration.Event(nil), true},
		{"slice lengths", []registration.Event{{Seq: 1}}, []registration.Event(nil), false},
		{"a field behind a pointer", registration.Event{Submission: sub}, registration.Event{Submission: otherSub}, false},
		{"equal values behind two pointers", registration.Event{Submission: sub}, registration.Event{Submission: new(*sub)}, true},
		{"a nil pointer", registration.Event{Submission: sub}, registration.Event{}, false},
		{"a date (unexported fields)", store.Deadline{Due: calendar.NewDate(2026, time.July, 7)}, store.Deadline{Due: calendar.NewDate(2026, time.July, 8)}, false},
		{"an embedded key", store.Deadline{DeadlineKey: store.DeadlineKey{Subject: "a"}}, store.Deadline{DeadlineKey: store.DeadlineKey{Subject: "b"}}, false},
		{"an enum", registration.Registration{State: registration.Pending}, registration.Registration{State: registration.Confirmed}, false},
		{"equal registrations", registration.Registration{ID: "reg0001", Version: 2}, registration.Registration{ID: "reg0001", Version: 2}, true},
	}
	for _, tt := range tests {
		d := diff(tt.got, tt.want)
		if (d == "") != tt.same {
			t.Errorf("%s: diff(%v, %v) = %q; want same = %t", tt.name, tt.got, tt.want, d, tt.same)
		}
	}
}
