package migregtest

import (
	"fmt"
	"log/slog"

	"pgregory.net/rapid"

	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
)

// Actor is who performs a step, as a role: a generated step cannot know
// the pseudonymous IDs the Service will assign, so the Runner resolves the
// role against the registration the step acts on (into Step.By). Actors start
// at 1; the zero Actor is not set and resolves to the system.
type Actor uint8

// The actors. Never reorder; add new ones at the end.
const (
	// ActorForeigner is the foreigner whose registration it is.
	ActorForeigner Actor = iota + 1
	// ActorHost is the host the registration names; on a submission, a
	// hotel or dormitory filing for its guest.
	ActorHost
	// ActorOtherHost is a host the registration does not name.
	ActorOtherHost
	// ActorAuthority is the migration police.
	ActorAuthority
	// ActorSystem is the Service itself (sweeps, deliveries).
	ActorSystem
)

var actorNames = []string{"", "foreigner", "host", "other_host", "authority", "system"}

// String returns the actor's stable name.
func (a Actor) String() string {
	if int(a) < len(actorNames) && a != 0 {
		return actorNames[a]
	}
	return fmt.Sprintf("Actor(%d)", a)
}

// MarshalText returns the stable name ("" for the zero Actor), or an
// error matching registration.ErrUnknownName for a value outside the
// list.
func (a Actor) MarshalText() ([]byte, error) {
	if int(a) < len(actorNames) {
		return []byte(actorNames[a]), nil
	}
	return nil, fmt.Errorf("%w: cannot marshal Actor(%d)", registration.ErrUnknownName, a)
}

// UnmarshalText reads a stable name; another is an error matching
// registration.ErrUnknownName.
func (a *Actor) UnmarshalText(b []byte) error {
	for i, n := range actorNames {
		if n == string(b) {
			*a = Actor(i)
			return nil
		}
	}
	s := string(b)
	if len(s) > 32 {
		s = s[:32]
	}
	return fmt.Errorf("%w: actor %q", registration.ErrUnknownName, s)
}

// OtherHostID is the host ID ActorOtherHost resolves to: a host no
// generated registration names.
const OtherHostID registration.HostID = "h_nobody"

// resolve returns the registration.Actor the role stands for on a
// registration of foreigner with host: the host role without a host
// (nothing to act on) resolves to the system.
func (a Actor) resolve(foreigner registration.ForeignerID, host registration.HostID) registration.Actor {
	switch a {
	case ActorForeigner:
		return registration.ForeignerActor(foreigner)
	case ActorHost:
		if host != "" {
			return registration.HostActor(host)
		}
	case ActorOtherHost:
		return registration.HostActor(OtherHostID)
	case ActorAuthority:
		return registration.AuthorityActor("MP")
	}
	return registration.System()
}

// OpKind is the kind of a step.
type OpKind string

// The step kinds. Each is one call of the Service (see Runner for what it
// calls and when a step is skipped).
const (
	OpEntry    OpKind = "entry"     // RecordEntry of the person, today
	OpSubmit   OpKind = "submit"    // Submit, a first address
	OpMove     OpKind = "move"      // Submit from the active registration
	OpConfirm  OpKind = "confirm"   // Confirm
	OpReject   OpKind = "reject"    // Reject (host_refusal)
	OpWithdraw OpKind = "withdraw"  // Withdraw
	OpAnnul    OpKind = "annul"     // Annul (false_data)
	OpExit     OpKind = "exit"      // RecordExit of the person, on today less Op.Back days
	OpCheckOut OpKind = "check_out" // CheckOut, on today less Op.Back days
	// OpCheckOutBatch is CheckOutBatch of every registration the run
	// created with the target's host (a group leaving at noon).
	OpCheckOutBatch OpKind = "check_out_batch"
	// OpRecordMove is RecordMove of the target registration, on today
	// less Op.Back days: the foreigner left it before registering anew.
	OpRecordMove OpKind = "record_move"

	OpSubmitGroup  OpKind = "submit_group"  // SubmitGroup of every person in the country
	OpConfirmGroup OpKind = "confirm_group" // ConfirmGroup of a group the run filed
	OpRejectGroup  OpKind = "reject_group"  // RejectGroup (host_refusal)
	OpSweep        OpKind = "sweep"         // Sweep, twice (the second must find nothing new)
	OpDeliver      OpKind = "deliver"       // Deliver a batch of 3
)

// Op is one generated step. It names people and registrations by index,
// not by ID, so that a sequence drawn before any Service exists can be
// run against several, and shrinks to a readable counterexample.
type Op struct {
	Kind OpKind `json:"kind"`
	// Days is how many calendar days the clock moves before the step.
	Days int `json:"days"`
	// Person picks the person (modulo the Runner's People) for an entry,
	// a submission, a move or an exit.
	Person int `json:"person"`
	// Target picks the registration (modulo the number the run created)
	// a confirm, reject, withdraw, annul or check-out acts on, whose host
	// a check-out batch checks out, or the group (modulo the number the
	// run filed) a group decision answers; a negative Target counts from
	// the last (Last).
	Target int `json:"target"`
	// Actor is who performs the step.
	Actor Actor `json:"actor"`
	// Back, for a check-out, a recorded move or an exit, is how many
	// days before today the person left (a PMS or border data that
	// arrive late); never before the registration's or the trip's
	// entry.
	Back int `json:"back"`
	// Nights, for a submit, move or group, is how many nights from today
	// the booking runs: its planned end (0: none given).
	Nights int `json:"nights"`
	// Retry repeats the step's request: a submission with the same
	// idempotency key, a command as a client retrying would, or, for the
	// host's confirm and reject, both: the step's kind, then the other.
	Retry bool `json:"retry"`
	// Submission is the host, address and place of a submit, move or
	// group; the Runner fills in the people, their entries and the move.
	Submission registration.Submission `json:"submission,omitzero"`
}

// opOf draws one step of the given kinds: a person and a target among the
// first 8, an actor (the host twice as often, so that commands succeed),
// 0 to 6 days, a retry one time in five, 0 to 2 days back for a
// check-out, a recorded move or an exit, and for a submission a drawn host and address
// and, one time in two, a booking of 1 to 40 nights.
func opOf(kinds []OpKind) *rapid.Generator[Op] {
	actors := []Actor{ActorForeigner, ActorHost, ActorHost, ActorOtherHost, ActorAuthority, ActorSystem}
	return rapid.Custom(func(t *rapid.T) Op {
		op := Op{
			Kind:   rapid.SampledFrom(kinds).Draw(t, "kind"),
			Person: rapid.IntRange(0, 7).Draw(t, "person"),
			Target: rapid.IntRange(Last, 7).Draw(t, "target"),
			Actor:  rapid.SampledFrom(actors).Draw(t, "actor"),
			Days:   rapid.IntRange(0, 6).Draw(t, "days"),
			// One time in five; false as rapid shrinks a draw to 0, so
			// that a minimal case has no retry it does not need.
			Retry: rapid.IntRange(0, 4).Draw(t, "retry") == 4,
		}
		if op.Kind == OpCheckOut || op.Kind == OpCheckOutBatch || op.Kind == OpRecordMove || op.Kind == OpExit {
			op.Back = rapid.IntRange(0, 2).Draw(t, "back")
		}
		if op.Kind == OpSubmit || op.Kind == OpMove || op.Kind == OpSubmitGroup {
			if rapid.Bool().Draw(t, "booked") {
				op.Nights = rapid.IntRange(1, 40).Draw(t, "nights")
			}
			op.Submission = stayAt(registrationtest.Host().Draw(t, "host")).Draw(t, "where")
		}
		return op
	})
}

// stayAt draws an address at host h, as a submission without a person.
func stayAt(h registration.Host) *rapid.Generator[registration.Submission] {
	return rapid.Custom(func(t *rapid.T) registration.Submission {
		return registration.Submission{Host: h, Address: registrationtest.Address().Draw(t, "address"), Place: registrationtest.PlaceFor(h)}
	})
}

// Ops draws a sequence of up to max steps of every kind but entries (the
// people are expected in the country: start with Entries), with
// confirmations twice as often as other commands.
func Ops(max int) *rapid.Generator[[]Op] {
	kinds := []OpKind{OpSubmit, OpMove, OpConfirm, OpConfirm, OpReject, OpWithdraw, OpAnnul, OpCheckOut, OpCheckOutBatch, OpRecordMove, OpExit, OpSweep, OpDeliver,
		OpSubmitGroup, OpConfirmGroup, OpRejectGroup}
	op := opOf(kinds)
	return rapid.Custom(func(t *rapid.T) []Op {
		// A length drawn first, rather than rapid's slice length, which
		// stops most sequences after a few steps: a lifecycle needs
		// several to reach its later states.
		out := make([]Op, rapid.IntRange(0, max).Draw(t, "steps"))
		for i := range out {
			out[i] = op.Draw(t, "op")
		}
		return out
	})
}

// Entries returns an entry for each of n people, today: the start of a
// sequence from Ops.
func Entries(n int) []Op {
	out := make([]Op, n)
	for i := range out {
		out[i] = Op{Kind: OpEntry, Person: i, Actor: ActorSystem}
	}
	return out
}

// History draws a long history of one person (index person): trips over
// about years years, each an entry after 1 to 200 days abroad, a first
// registration (at a hotel that files for its guest, or with a host who
// confirms within two days), now and then a move to another address,
// sweeps, and an exit 1 to 60 days later, now and then on the day the
// host checks the guest out. It is what a foreigner who
// works seasonally looks like after a few years: many trips, stays
// counted against the 90/180 limit, and registrations that end in every
// way.
func History(person, years int) *rapid.Generator[[]Op] {
	return rapid.Custom(func(t *rapid.T) []Op {
		var ops []Op
		for days := 0; days < years*365; {
			gap := rapid.IntRange(1, 200).Draw(t, "abroad")
			stay := rapid.IntRange(1, 60).Draw(t, "stay")
			days += gap + stay
			ops = append(ops, Op{Kind: OpEntry, Person: person, Days: gap, Actor: ActorSystem})
			at := rapid.IntRange(0, 10).Draw(t, "registered after")
			left := stay - at
			if left < 0 {
				at, left = stay, 0
			}
			ops = append(ops, registered(t, person, at, OpSubmit)...)
			if left > 7 && rapid.IntRange(0, 3).Draw(t, "moves") == 0 {
				ops = append(ops, registered(t, person, 5, OpMove)...)
				left -= 5
			}
			if rapid.Bool().Draw(t, "sweep") {
				ops = append(ops, Op{Kind: OpSweep, Days: left / 2, Actor: ActorSystem})
				left -= left / 2
			}
			if rapid.IntRange(0, 2).Draw(t, "checked out") == 0 {
				// The host checks the guest out on the day they leave.
				ops = append(ops, Op{Kind: OpCheckOut, Target: Last, Days: left, Actor: ActorHost})
				left = 0
			}
			ops = append(ops, Op{Kind: OpExit, Person: person, Days: left, Actor: ActorSystem})
		}
		return ops
	})
}

// registered is a submission (or move) after days and, unless a hotel
// files it, the host's confirmation of the registration created last.
func registered(t *rapid.T, person, days int, kind OpKind) []Op {
	var h registration.Host
	if rapid.Bool().Draw(t, "hotel") {
		h = registrationtest.Hotel().Draw(t, "hotel host")
	} else {
		h = registrationtest.Host().Draw(t, "host")
	}
	sub := stayAt(h).Draw(t, "where")
	op := Op{Kind: kind, Person: person, Days: days, Actor: ActorForeigner, Submission: sub}
	if h.Kind.FilesForGuests() {
		op.Actor = ActorHost
		return []Op{op}
	}
	confirm := Op{Kind: OpConfirm, Target: Last, Actor: ActorHost, Days: rapid.IntRange(0, 2).Draw(t, "answer")}
	return []Op{op, confirm}
}

// Last is a Target that picks the registration the run created last.
const Last = -1

// LogValue logs the step's kind, timing and indices, never the
// submission's personal data.
func (o Op) LogValue() slog.Value {
	return slog.GroupValue(slog.String("kind", string(o.Kind)), slog.Int("days", o.Days), slog.Int("person", o.Person),
		slog.Int("target", o.Target), slog.String("actor", o.Actor.String()), slog.Int("back", o.Back), slog.Int("nights", o.Nights), slog.Bool("retry", o.Retry))
}
