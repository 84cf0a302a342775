package registration

import (
	"fmt"
	"log/slog"
)

// Actor is who performs a command: the foreigner (by ForeignerID), a host
// (by HostID), an authority (by a name of the organ or officer, for the
// audit log) or the system.
type Actor struct {
	Kind ActorKind `json:"kind"`
	ID   string    `json:"id,omitempty"`
}

// ForeignerActor returns the actor for the foreigner with the given ID.
func ForeignerActor(id ForeignerID) Actor { return Actor{Kind: ActorForeigner, ID: string(id)} }

// HostActor returns the actor for the host with the given ID.
func HostActor(id HostID) Actor { return Actor{Kind: ActorHost, ID: string(id)} }

// AuthorityActor returns the actor for an authority; name identifies the
// organ or officer in the audit log.
func AuthorityActor(name string) Actor { return Actor{Kind: ActorAuthority, ID: name} }

// System returns the actor for the information system itself. It is a
// function, not a variable, so that no caller can change it for everyone.
func System() Actor { return Actor{Kind: ActorSystem} }

// String returns the actor's kind, e.g. "host", and never its ID: a
// foreigner's or a host's ID is a pseudonym of a person, and an
// authority's may name an officer. The zero Actor is "no actor".
func (a Actor) String() string {
	if a.Kind == 0 {
		return "no actor"
	}
	return a.Kind.String()
}

// Format makes every fmt verb, %#v included, print String, so that no
// verb shows the ID.
func (a Actor) Format(f fmt.State, verb rune) { fmt.Fprint(f, a.String()) }

// LogValue implements slog.LogValuer: the kind, without the ID.
func (a Actor) LogValue() slog.Value { return slog.StringValue(a.String()) }
