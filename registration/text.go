package registration

import "unicode/utf8"

// What error and event texts say for values that may be zero or come from
// a caller: never "State(0)", never an empty or a megabyte-long ID.

// maxIDText is how much of an ID a text quotes: IDs the domain accepts are
// at most 128 bytes (Submission.Validate).
const maxIDText = 128

// regText names a registration in a text: "registration r-1", or what a
// registration without an ID is.
func regText(id ID) string {
	if id == "" {
		return "a registration without an ID"
	}
	return "registration " + cutText(string(id), maxIDText)
}

// inStateText says which state a registration is in, to follow its name:
// " in state pending", or ", which has no state" for the zero State.
func inStateText(s State) string {
	if s == 0 {
		return ", which has no state"
	}
	return " in state " + s.String()
}

// stateText is a state's name, or "no state" for the zero State.
func stateText(s State) string {
	if s == 0 {
		return "no state"
	}
	return s.String()
}

// actorText names the kind of an actor, or says it has none.
func actorText(k ActorKind) string {
	if k == 0 {
		return "an actor without a kind"
	}
	return k.String()
}

// cutText shortens s to at most n bytes on a rune boundary, marking the cut
// with "...".
func cutText(s string, n int) string {
	if len(s) <= n {
		return s
	}
	i := n
	for i > 0 && !utf8.RuneStart(s[i]) {
		i--
	}
	return s[:i] + "..."
}
