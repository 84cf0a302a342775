package migregtest

import (
	"context"
	"errors"
	"fmt"

	"github.com/migreg/migreg"
	"github.com/migreg/migreg/registration"
)

// Mirror returns a System that is another Service: it runs each step's Op
// on svc through a Runner of its own, over the same people, and answers
// with that Service's outcome, the registrations as stored included, so
// that every field is compared, not only the states. Use it to check that
// two stores (memstore and a SQL database), or two configurations,
// behave the same. Before each step it sets clock, svc's clock, to 09:00
// of the step's day, and runs the step as the Runner does (the host's
// confirm and reject of one step in the same order, Step.First). It is
// for one Runner at a time.
func Mirror(svc *migreg.Service, clock *Clock, people []registration.Person) System {
	return &mirror{r: &Runner{Service: svc, Clock: clock, People: people}}
}

type mirror struct{ r *Runner }

// Apply runs s.Op on the mirrored Service.
func (m *mirror) Apply(ctx context.Context, s Step) (Outcome, error) {
	r := m.r
	if r.Service == nil || r.Clock == nil || len(r.People) == 0 {
		return Outcome{}, errors.New("migregtest: a Mirror needs a Service, its Clock and at least one person")
	}
	r.start()
	r.Clock.SetDate(s.Today)
	op := s.Op
	op.Days = 0
	st, got, problem, err := r.next(ctx, op)
	switch {
	case err != nil:
		return Outcome{}, err
	case st.Skipped:
		return Outcome{}, fmt.Errorf("the mirror skipped step %d, which the service ran", s.N)
	case problem != "":
		return Outcome{}, fmt.Errorf("the mirror, step %d: %s", s.N, problem)
	}
	return got, nil
}
