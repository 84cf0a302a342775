package registration

import (
	"fmt"
	"log/slog"
)

// The slog values of the containers: slog's JSON handler writes a value
// without a LogValue method in its JSON form, which carries personal data
// in full, so every type that holds a Person, a Host or a pseudonymous ID
// has one (the package documentation, "Personal data", says what they
// show).

// LogValue implements slog.LogValuer: what was breached, by whom (the
// kind of offender, not the person), when and for how long, and the
// sanction, without the foreigner's or the host's ID.
func (v Violation) LogValue() slog.Value {
	attrs := []slog.Attr{
		slog.String("offence", v.Offence.String()),
		slog.String("offender", v.Offender.String()),
		slog.String("since", v.Since.String()),
		slog.Int("days", v.Days),
		slog.Bool("ongoing", v.Ongoing),
		slog.Bool("repeat", v.Repeat),
	}
	if v.Related != "" {
		attrs = append(attrs, slog.String("registration", string(v.Related)))
	}
	switch {
	case v.Sanction != nil:
		attrs = append(attrs, slog.String("sanction", v.Sanction.String()))
	case v.Unpriced != nil:
		attrs = append(attrs, slog.String("unpriced", cutText(v.Unpriced.Error(), 500)))
	}
	return slog.GroupValue(attrs...)
}

// Format makes every fmt verb, %#v included, print String, which leaves
// out the foreigner's and the host's IDs.
func (v Violation) Format(f fmt.State, verb rune) { fmt.Fprint(f, v.String()) }

// LogValue implements slog.LogValuer: how many trips, registrations and
// moves the history holds, nothing about the person.
func (h History) LogValue() slog.Value {
	return slog.GroupValue(
		slog.Int("trips", len(h.Trips)),
		slog.Int("registrations", len(h.Registrations)),
		slog.Int("moves", len(h.Moves)),
	)
}

// LogValue implements slog.LogValuer: the registrations' IDs, versions
// and states, without the foreigner.
func (d Dossier) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(d.Registrations))
	for i, r := range d.Registrations {
		attrs = append(attrs, slog.Any(fmt.Sprint(i), r))
	}
	return slog.GroupValue(attrs...)
}

// LogValue implements slog.LogValuer: each changed registration (ID,
// version, state) and the number of events.
func (c Change) LogValue() slog.Value {
	attrs := make([]slog.Attr, 0, len(c.Changed)+1)
	for i, ch := range c.Changed {
		attrs = append(attrs, slog.Any(fmt.Sprint(i), ch))
	}
	return slog.GroupValue(append(attrs, slog.Int("events", len(c.Events)))...)
}

// LogValue implements slog.LogValuer: the registration's ID, version and
// state, and the version it was read at.
func (c Changed) LogValue() slog.Value {
	return slog.GroupValue(
		slog.String("id", string(c.Registration.ID)),
		slog.Int("version", c.Registration.Version),
		slog.String("state", c.Registration.State.String()),
		slog.Int("read_version", c.ReadVersion),
	)
}
