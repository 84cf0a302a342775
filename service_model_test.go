package migreg_test

import (
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
	"pgregory.net/rapid"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/registrationtest"
	"github.com/migreg/migreg/store"
)

// modelReg is what the model knows of a registration.
type modelReg struct {
	id        registration.ID
	foreigner int
	host      registration.Host
	state     registration.State
	movedFrom registration.ID
	group     registration.GroupID // filed in a group (SubmitGroup)
	// checkedOut is the date its host checked the guest out, if it did.
	checkedOut calendar.Date
	// done holds the commands persons performed on it, with their role
	// ("confirm/host"); repeating one succeeds without a change, whatever
	// happened since.
	done map[string]bool
}

// did records that role performed the command kind on r.
func (r *modelReg) did(kind string) {
	if r.done == nil {
		r.done = map[string]bool{}
	}
	r.done[kind] = true
}

// modelNext is the lifecycle, written out independently of the domain:
// the state a command leads to and who may give it.
func modelNext(s registration.State, op registrationtest.OpKind) (registration.State, []string) {
	switch {
	case s == registration.Pending && op == registrationtest.OpConfirm:
		return registration.Confirmed, []string{"host"}
	case s == registration.Pending && op == registrationtest.OpReject:
		return registration.Rejected, []string{"host"}
	case s == registration.Pending && op == registrationtest.OpWithdraw:
		return registration.Withdrawn, []string{"foreigner"}
	case s == registration.Confirmed && op == registrationtest.OpAnnul:
		return registration.Annulled, []string{"authority"}
	}
	return 0, nil
}

// TestServiceStateMachine runs random sequences of every command against
// the Service and a simple model, including retries with the same
// idempotency key, failed deliveries and concurrent conflicting commands,
// and checks the invariants after each step.
func TestServiceStateMachine(t *testing.T) {
	rapid.Check(t, func(rt *rapid.T) {
		ctx := context.Background()
		start := calendar.NewDate(2026, 7, 1)
		env := registrationtest.NewService(t, start, nil)
		// Fail the first delivery attempt of every third message.
		n := 0
		var failMu sync.Mutex
		env.Inbox.Fail = func(m migreg.Notification) bool {
			failMu.Lock()
			defer failMu.Unlock()
			n++
			return m.Attempt == 1 && n%3 == 0
		}
		svc := env.Service
		people := []registration.Person{registrationtest.Person().Draw(rt, "p0"), registrationtest.Person().Draw(rt, "p1")}
		if fid(people[0]) == fid(people[1]) {
			people = people[:1]
		}
		for _, p := range people {
			if err := svc.RecordEntry(ctx, p, start); err != nil {
				rt.Fatal(err)
			}
		}
		var regs []*modelReg
		keys := map[string]registration.ID{}
		exited := map[int]bool{}
		step := 0

		for _, op := range registrationtest.Ops(30).Draw(rt, "ops") {
			step++
			env.Clock.AdvanceDays(op.Days)
			f := op.Target % len(people)
			person := people[f]
			actorFor := func(r *modelReg) registration.Actor {
				switch op.Actor {
				case "foreigner":
					return registration.ForeignerActor(fid(person))
				case "host":
					if r != nil {
						return registration.HostActor(hid(r.host))
					}
				case "other host":
					return registration.HostActor("h_nobody")
				case "authority":
					return registration.AuthorityActor("MP")
				}
				return registration.System()
			}
			switch op.Kind {
			case registrationtest.OpSubmit, registrationtest.OpMove:
				if exited[f] {
					continue
				}
				sub := registrationtest.Submission(person, start).Draw(rt, fmt.Sprint("sub", step))
				req := migreg.SubmitRequest{Submission: sub, IdempotencyKey: fmt.Sprint("k", step)}
				var active *modelReg
				for _, r := range regs {
					if r.foreigner == f && r.state == registration.Confirmed {
						active = r
					}
				}
				if op.Kind == registrationtest.OpMove {
					if active == nil {
						continue
					}
					req.Submission.MovedFrom, req.Submission.MovedOn = active.id, env.Clock.Today()
				}
				hotelFiles := op.Actor == "host" && sub.Host.Kind.FilesForGuests()
				if hotelFiles {
					req.By = registration.HostActor(hid(sub.Host))
				}
				if op.Kind == registrationtest.OpSubmit && len(people) == 2 && !exited[0] && !exited[1] && rapid.Bool().Draw(rt, fmt.Sprint("group", step)) {
					// Both people as a group, in one submission.
					regs = append(regs, modelSubmitGroup(rt, ctx, env, people, regs, sub, hotelFiles, op.Retry, step)...)
					break
				}
				got, err := svc.Submit(ctx, req)
				var ve *registration.ValidationError
				switch {
				case active != nil && op.Kind == registrationtest.OpSubmit && !hotelFiles:
					// A new address while one is active must say it is a move.
					if !errors.As(err, &ve) || !ve.Has("moved_from", registration.CodeRequired) {
						rt.Fatalf("step %d: a second address without moved_from: err = %v; want moved_from: required", step, err)
					}
					continue
				case errors.Is(err, registration.ErrRefused):
					continue // beyond the stay limit by now
				case err != nil:
					rt.Fatalf("step %d: submit: %v", step, err)
				}
				if op.Retry {
					again, err := svc.Submit(ctx, req)
					if err != nil || again.ID != got.ID {
						rt.Fatalf("step %d: a retried submit = %s, %v; want %s again", step, again.ID, err, got.ID)
					}
					req.Submission.Address.Building += "0"
					if _, err := svc.Submit(ctx, req); !errors.Is(err, migreg.ErrIdempotencyMismatch) {
						rt.Fatalf("step %d: the same key with other content: err = %v; want ErrIdempotencyMismatch", step, err)
					}
				}
				keys[req.IdempotencyKey] = got.ID
				m := &modelReg{id: got.ID, foreigner: f, host: sub.Host, state: registration.Pending, movedFrom: req.Submission.MovedFrom}
				if hotelFiles {
					m.state = registration.Confirmed
					m.did("confirm/host")
					if active != nil {
						m.movedFrom = active.id // the hotel's guest moved in today
					}
					if active != nil {
						active.state = registration.Superseded
					}
				}
				regs = append(regs, m)
			case registrationtest.OpConfirm, registrationtest.OpReject, registrationtest.OpWithdraw, registrationtest.OpAnnul:
				if len(regs) == 0 {
					continue
				}
				r := regs[op.Target%len(regs)]
				person = people[r.foreigner]
				by := actorFor(r)
				if r.group != "" && (op.Kind == registrationtest.OpConfirm || op.Kind == registrationtest.OpReject) &&
					rapid.Bool().Draw(rt, fmt.Sprint("decide group", step)) {
					modelDecideGroup(rt, ctx, env, regs, r.group, op.Kind, by, op.Actor, step)
					break
				}
				want, roles := modelNext(r.state, op.Kind)
				do := func() (registration.Registration, error) {
					switch op.Kind {
					case registrationtest.OpConfirm:
						return svc.Confirm(ctx, r.id, by)
					case registrationtest.OpReject:
						return svc.Reject(ctx, r.id, by, registration.Reason{Code: registration.HostRefusal})
					case registrationtest.OpWithdraw:
						return svc.Withdraw(ctx, r.id, by)
					}
					return svc.Annul(ctx, r.id, by, registration.Reason{Code: registration.FalseData})
				}
				var got registration.Registration
				var err error
				if op.Retry && want != 0 && op.Actor == roles[0] && (op.Kind == registrationtest.OpConfirm || op.Kind == registrationtest.OpReject) {
					// The host's confirm and reject race: exactly one wins.
					var wg sync.WaitGroup
					var errs [2]error
					var outs [2]registration.Registration
					wg.Add(2)
					go func() { defer wg.Done(); outs[0], errs[0] = svc.Confirm(ctx, r.id, by) }()
					go func() {
						defer wg.Done()
						outs[1], errs[1] = svc.Reject(ctx, r.id, by, registration.Reason{Code: registration.HostRefusal})
					}()
					wg.Wait()
					wins, late := 0, 0
					for i := range 2 {
						switch {
						case errs[i] == nil:
							wins++
							got, want = outs[i], outs[i].State
						case errors.Is(errs[i], registration.ErrRefused), errors.Is(errs[i], registration.ErrTooLate):
							late++
							err = errs[i]
						case !errors.Is(errs[i], registration.ErrInvalidTransition) && !errors.Is(errs[i], store.ErrConflict):
							rt.Fatalf("step %d: the losing answer: %v", step, errs[i])
						}
					}
					if wins > 1 || (wins == 0 && late == 0) {
						rt.Fatalf("step %d: %d of 2 racing answers won; want exactly 1", step, wins)
					}
				} else {
					got, err = do()
				}
				allowed := false
				for _, role := range roles {
					allowed = allowed || role == op.Actor
				}
				repeat := r.done[string(op.Kind)+"/"+op.Actor]
				switch {
				case want == 0 && repeat:
					// A retry of a command done before: it succeeds, changing nothing.
					if err != nil || got.State != r.state {
						rt.Fatalf("step %d: repeating %s/%s on a %v registration = %v, %v; want success, no change", step, op.Kind, op.Actor, r.state, got.State, err)
					}
				case want == 0:
					if !errors.Is(err, registration.ErrInvalidTransition) {
						rt.Fatalf("step %d: %v of a %v registration: err = %v; want ErrInvalidTransition", step, op.Kind, r.state, err)
					}
				case !allowed:
					if !errors.Is(err, registration.ErrForbidden) {
						rt.Fatalf("step %d: %v by %s: err = %v; want ErrForbidden", step, op.Kind, op.Actor, err)
					}
				case (errors.Is(err, registration.ErrRefused) && op.Kind == registrationtest.OpConfirm) ||
					errors.Is(err, registration.ErrTooLate):
					// The stay, or the host's time, ended before the answer.
				case err != nil:
					rt.Fatalf("step %d: %v: %v", step, op.Kind, err)
				default:
					if got.State != want {
						rt.Fatalf("step %d: %v gave %v; want %v", step, op.Kind, got.State, want)
					}
					if want == registration.Confirmed {
						for _, o := range regs {
							if o.foreigner == r.foreigner && o.state == registration.Confirmed {
								o.state = registration.Superseded
							}
						}
					}
					r.state = want
					switch want {
					case registration.Confirmed:
						r.did("confirm/host")
					case registration.Rejected:
						r.did("reject/host")
					case registration.Withdrawn:
						r.did("withdraw/foreigner")
					case registration.Annulled:
						r.did("annul/authority")
					}
				}
			case registrationtest.OpCheckOut:
				if len(regs) == 0 {
					continue
				}
				r := regs[op.Target%len(regs)]
				person = people[r.foreigner]
				on := env.Clock.Today().AddDays(-rapid.IntRange(0, 2).Draw(rt, fmt.Sprint("back", step)))
				if on.Before(start) {
					on = start
				}
				req := migreg.CheckOutRequest{Registration: r.id, On: on, By: actorFor(r)}
				got, err := svc.CheckOut(ctx, req)
				// The model: only a confirmed registration's own host checks
				// its guest out; the same check-out again is a retry.
				retry := r.state == registration.Ended && op.Actor == "host" && r.checkedOut == on
				switch {
				case retry:
					if err != nil || got.State != registration.Ended {
						rt.Fatalf("step %d: a repeated check-out = %v, %v; want success, no change", step, got.State, err)
					}
				case r.state != registration.Confirmed:
					if !errors.Is(err, registration.ErrInvalidTransition) {
						rt.Fatalf("step %d: check-out of a %v registration: err = %v; want ErrInvalidTransition", step, r.state, err)
					}
				case op.Actor != "host":
					if !errors.Is(err, registration.ErrForbidden) {
						rt.Fatalf("step %d: check-out by %s: err = %v; want ErrForbidden", step, op.Actor, err)
					}
				case err != nil:
					rt.Fatalf("step %d: check-out: %v", step, err)
				default:
					if got.State != registration.Ended || got.Reason.Code != registration.CheckedOut || got.ClosedOn != on {
						rt.Fatalf("step %d: check-out on %v gave %v (%v) closed on %v", step, on, got.State, got.Reason, got.ClosedOn)
					}
					r.state, r.checkedOut = registration.Ended, on
					if op.Retry {
						again, err := svc.CheckOut(ctx, req)
						if err != nil || again.Version != got.Version {
							rt.Fatalf("step %d: a retried check-out = v%d, %v; want v%d", step, again.Version, err, got.Version)
						}
					}
				}
			case registrationtest.OpExit:
				if exited[f] {
					continue
				}
				if err := svc.RecordExit(ctx, fid(person), env.Clock.Today()); err != nil {
					rt.Fatalf("step %d: exit: %v", step, err)
				}
				exited[f] = true
				for _, r := range regs {
					switch {
					case r.foreigner != f:
					case r.state == registration.Confirmed:
						r.state = registration.Ended
					case r.state == registration.Pending:
						r.state = registration.Lapsed // nobody is left to register
					}
				}
			case registrationtest.OpSweep:
				today := env.Clock.Today()
				if _, err := svc.Sweep(ctx); err != nil {
					rt.Fatalf("step %d: sweep: %v", step, err)
				}
				for _, r := range regs {
					stored, err := svc.Registration(ctx, r.id)
					if err != nil {
						rt.Fatal(err)
					}
					switch {
					case r.state == registration.Pending && stored.HostDue.Before(today):
						r.state = registration.Lapsed
					case r.state == registration.Confirmed && stored.ValidUntil.Before(today):
						r.state = registration.Ended
					}
				}
				if _, err := svc.Sweep(ctx); err != nil {
					rt.Fatalf("step %d: second sweep: %v", step, err)
				}
			case registrationtest.OpDeliver:
				if _, err := svc.Deliver(ctx, 3); err != nil {
					rt.Fatalf("step %d: deliver: %v", step, err)
				}
			}
			checkInvariants(rt, ctx, env, regs, step)
		}

		// Deliver everything: every message arrives, and a deduplicating
		// receiver sees each exactly once.
		for range 5 {
			env.Clock.AdvanceDays(1)
			if _, err := svc.Deliver(ctx, 0); err != nil {
				rt.Fatal(err)
			}
		}
		var pending []store.Message
		_ = env.Store.View(ctx, func(tx store.ReadTx) error {
			var err error
			pending, err = tx.PendingMessages(ctx, env.Clock.Now().AddDate(1, 0, 0), store.MaxLimit)
			return err
		})
		if len(pending) != 0 {
			rt.Fatalf("%d messages never delivered", len(pending))
		}
		seen := map[string]bool{}
		for _, m := range env.Inbox.Received() {
			if seen[m.ID] {
				rt.Fatalf("message %s received twice by a deduplicating receiver", m.ID)
			}
			seen[m.ID] = true
		}
		if got, want := len(seen), env.Store.Stats().Messages; got != want {
			rt.Fatalf("the receiver saw %d distinct messages; the outbox holds %d", got, want)
		}
	})
}

// modelSubmitGroup submits both people as a group at the address of sub
// (by the first, or by the hotel when hotelFiles) and returns the model's
// new registrations: none when the group is refused, which it must be,
// whole, when a member filing for themselves has an active registration.
func modelSubmitGroup(rt *rapid.T, ctx context.Context, env *registrationtest.Env, people []registration.Person, regs []*modelReg,
	sub registration.Submission, hotelFiles, retry bool, step int) []*modelReg {
	req := migreg.GroupRequest{Host: sub.Host, Address: sub.Address, Place: sub.Place, IdempotencyKey: fmt.Sprint("g", step)}
	for _, p := range people {
		req.Members = append(req.Members, migreg.GroupMember{Person: p, Entry: sub.Entry})
	}
	if hotelFiles {
		req.By = registration.HostActor(hid(sub.Host))
	}
	active := make([]*modelReg, len(people))
	for _, r := range regs {
		if r.state == registration.Confirmed {
			active[r.foreigner] = r
		}
	}
	res, err := env.Service.SubmitGroup(ctx, req)
	var ge *migreg.GroupError
	if errors.As(err, &ge) {
		// Refused whole: each failing member is beyond the stay limit by
		// now, or files for themselves while registered elsewhere.
		failed := map[int]bool{}
		for _, m := range ge.Members {
			var ve *registration.ValidationError
			moved := active[m.Index] != nil && !hotelFiles && errors.As(m.Err, &ve) && ve.Has("moved_from", registration.CodeRequired)
			if !moved && !errors.Is(m.Err, registration.ErrRefused) {
				rt.Fatalf("step %d: member %d: %v; want moved_from: required or a refusal", step, m.Index, m.Err)
			}
			failed[m.Index] = true
		}
		for i, a := range active {
			if a != nil && !hotelFiles && !failed[i] {
				rt.Fatalf("step %d: member %d, registered elsewhere, did not fail: %v", step, i, err)
			}
		}
		return nil
	}
	switch {
	case err != nil:
		rt.Fatalf("step %d: submit group: %v", step, err)
	case !hotelFiles && (active[0] != nil || active[1] != nil):
		rt.Fatalf("step %d: a group whose member is registered elsewhere was filed: %v", step, res)
	}
	if retry {
		again, err := env.Service.SubmitGroup(ctx, req)
		if err != nil || again.Group != res.Group || len(again.Members) != len(res.Members) {
			rt.Fatalf("step %d: a retried group = %v, %v; want %v", step, again, err, res)
		}
	}
	var out []*modelReg
	for i, m := range res.Members {
		r := &modelReg{id: m.Registration.ID, foreigner: i, host: sub.Host, state: registration.Pending, group: res.Group}
		if m.Registration.Group != res.Group {
			rt.Fatalf("step %d: member %d is in group %q; want %q", step, i, m.Registration.Group, res.Group)
		}
		if hotelFiles {
			r.state = registration.Confirmed
			r.did("confirm/host")
			if a := active[i]; a != nil {
				r.movedFrom, a.state = a.id, registration.Superseded
			}
		}
		out = append(out, r)
	}
	return out
}

// modelDecideGroup answers the group g in one decision (ConfirmGroup or
// RejectGroup) and checks each member's outcome against the model, as
// the single commands are checked: each member on its own.
func modelDecideGroup(rt *rapid.T, ctx context.Context, env *registrationtest.Env, regs []*modelReg, g registration.GroupID,
	kind registrationtest.OpKind, by registration.Actor, role string, step int) {
	var res migreg.GroupResult
	var err error
	if kind == registrationtest.OpConfirm {
		res, err = env.Service.ConfirmGroup(ctx, g, by)
	} else {
		res, err = env.Service.RejectGroup(ctx, g, by, registration.Reason{Code: registration.HostRefusal})
	}
	var ge *migreg.GroupError
	if err != nil && !errors.As(err, &ge) {
		rt.Fatalf("step %d: %v group: %v", step, kind, err)
	}
	var members []*modelReg
	for _, r := range regs {
		if r.group == g {
			members = append(members, r)
		}
	}
	if len(res.Members) != len(members) {
		rt.Fatalf("step %d: %v group gave %d results; the group has %d members", step, kind, len(res.Members), len(members))
	}
	for i, r := range members {
		m := res.Members[i]
		want, roles := modelNext(r.state, kind)
		switch {
		case want == 0 && r.done[string(kind)+"/"+role]:
			if m.Err != nil || m.Registration.State != r.state {
				rt.Fatalf("step %d: repeating %v group on member %d = %v; want success, no change", step, kind, i, m)
			}
		case want == 0:
			if !errors.Is(m.Err, registration.ErrInvalidTransition) {
				rt.Fatalf("step %d: %v group, member %d (%v): %v; want ErrInvalidTransition", step, kind, i, r.state, m.Err)
			}
		case role != roles[0]:
			if !errors.Is(m.Err, registration.ErrForbidden) {
				rt.Fatalf("step %d: %v group by %s, member %d: %v; want ErrForbidden", step, kind, role, i, m.Err)
			}
		case errors.Is(m.Err, registration.ErrRefused) && kind == registrationtest.OpConfirm, errors.Is(m.Err, registration.ErrTooLate):
			// The member's stay, or the host's time, ended before the answer.
		case m.Err != nil:
			rt.Fatalf("step %d: %v group, member %d: %v", step, kind, i, m.Err)
		default:
			if m.Registration.State != want || (want == registration.Confirmed) != (m.Certificate != "") {
				rt.Fatalf("step %d: %v group, member %d = %v with certificate %t; want %v", step, kind, i, m, m.Certificate != "", want)
			}
			if want == registration.Confirmed {
				for _, o := range regs {
					if o.foreigner == r.foreigner && o.state == registration.Confirmed {
						o.state = registration.Superseded
					}
				}
			}
			r.state = want
			r.did(string(kind) + "/host")
		}
	}
}

func checkInvariants(rt *rapid.T, ctx context.Context, env *registrationtest.Env, regs []*modelReg, step int) {
	svc := env.Service
	keys, err := certificate.NewKeySet(map[string]ed25519.PublicKey{registrationtest.KeyID: env.Issuer.PublicKey()})
	if err != nil {
		rt.Fatal(err)
	}
	verifier := certificate.Verifier{Keys: keys, Revocations: svc.Revocations()}
	active := map[registration.ForeignerID]int{}
	for _, m := range regs {
		r, err := svc.Registration(ctx, m.id)
		if err != nil {
			rt.Fatalf("step %d: %v", step, err)
		}
		if r.State != m.state {
			rt.Fatalf("step %d: registration %s is %v; the model says %v", step, m.id, r.State, m.state)
		}
		if r.State == registration.Confirmed {
			active[r.Foreigner]++
			_, tok, err := svc.Certificate(ctx, r.ID)
			if err != nil {
				rt.Fatalf("step %d: confirmed %s has no certificate: %v", step, r.ID, err)
			}
			if _, err := verifier.Verify(ctx, tok, r.ConfirmedOn); err != nil {
				rt.Fatalf("step %d: the certificate of %s does not verify: %v", step, r.ID, err)
			}
		}
		if m.movedFrom != "" && r.State == registration.Confirmed {
			old, err := svc.Registration(ctx, m.movedFrom)
			if err != nil || old.State != registration.Superseded {
				rt.Fatalf("step %d: a confirmed move left %s %v, %v; want superseded", step, m.movedFrom, old.State, err)
			}
		}
		events, err := svc.History(ctx, m.id)
		if err != nil {
			rt.Fatal(err)
		}
		replayed, err := registration.Replay(events)
		if err != nil {
			rt.Fatalf("step %d: %v", step, err)
		}
		if diff := cmp.Diff(r, replayed); diff != "" {
			rt.Fatalf("step %d: events of %s do not replay (-stored +replayed):\n%s", step, m.id, diff)
		}
	}
	for f, n := range active {
		if n > 1 {
			rt.Fatalf("step %d: foreigner %s has %d active registrations", step, f, n)
		}
	}
}
