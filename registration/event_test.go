package registration

import (
	"testing"

	"github.com/google/go-cmp/cmp"
)

func TestCloneEventsSharesNothing(t *testing.T) {
	sub := &Submission{ID: "r-1", Person: Person{Surname: "KARIMOV"}}
	events := []Event{
		{Registration: "r-1", Seq: 1, Type: EventSubmitted, Submission: sub},
		{Registration: "r-1", Seq: 2, Type: EventConfirmed},
	}
	got := CloneEvents(events)
	if diff := cmp.Diff(events, got); diff != "" {
		t.Fatalf("CloneEvents(%v) differs from its input (-want +got):\n%s", events, diff)
	}
	got[0].Submission.Person.Surname = "SCRIBBLED"
	got[1].Seq = 9
	if sub.Person.Surname != "KARIMOV" || events[1].Seq != 2 {
		t.Errorf("writing through the clone changed the original: surname %q, seq %d; want KARIMOV, 2", sub.Person.Surname, events[1].Seq)
	}
	if got[1].Submission != nil {
		t.Errorf("CloneEvents gave an event without a submission one: %v", got[1].Submission)
	}
	if got := CloneEvents(nil); got != nil {
		t.Errorf("CloneEvents(nil) = %v; want nil", got)
	}
}
