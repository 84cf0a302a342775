package registration

import (
	"strconv"
	"strings"

	"github.com/migreg/migreg/calendar"
	"golang.org/x/text/language"
)

// GroupID identifies a group registration: several people (a family, a
// tour group) registered in one submission at one address with one host,
// whose host answers them in one decision. Each member keeps a
// registration of their own, with their own deadlines and stay count;
// the group only links them (Registration.Group). The Service assigns
// it; it is printable text without white space, '@', '/' and '|', like an
// ID, and holds no personal data.
type GroupID string

// MinorPolicy is how the rules treat a minor: a person younger than Age
// full years on the entry date of the stay, by the birth date.
//
// The law's status: order No. 923 names no rule for children, and its
// text is not published (docs/legal.md Part B §2.3, press summaries
// only); the rules before it exempted children under 16 from registration
// (Part B §2.2, L, possibly out of date), and Uzbekistan's E-Mehmon puts
// children on the parent's slip. migreg's POLICY, until the text says
// otherwise: a minor is registered like anyone else, on a registration of
// their own, but only beside a parent or guardian: the submission names
// the guardian's registration (Submission.Guardian; in a group, the
// member who is the guardian), which must be an adult's, pending or
// active, at the same address with the same host. A minor's submission
// without one is refused with the problem "guardian: required" (in a
// group, "members[i].guardian: required"). The rule is checked when the
// registration is filed; the host's decision on it is its own (a child's
// confirmation does not wait for the guardian's).
//
// Age 0 turns the rule off: no one is a minor, and a child files alone.
// The age of majority in Kazakhstan is 18 (Civil Code art. 17), the
// default of order No. 923's rules; the rules before it set 0.
type MinorPolicy struct {
	Age int `json:"age,omitempty"`
}

// Minor reports whether a person born on birth is a minor under the
// policy on the date on. A person without a birth date is not.
func (p MinorPolicy) Minor(birth, on calendar.Date) bool {
	return p.Age > 0 && !birth.IsZero() && AgeOn(birth, on) < p.Age
}

// AgeOn returns the full years of a person born on birth on the date on:
// the age goes up on the birthday. Someone born on 29 February comes of
// age on 1 March in a year without one (a POLICY: the Civil Code does not
// say). Before birth it is 0.
func AgeOn(birth, on calendar.Date) int {
	if on.Before(birth) {
		return 0
	}
	by, bm, bd := birth.Date()
	oy, om, od := on.Date()
	age := oy - by
	if om < bm || om == bm && od < bd {
		age--
	}
	return age
}

// checkMinor adds "guardian: required" when the submission's person is a
// minor under the rules of its entry and names no guardian.
func (rb *Rulebook) checkMinor(s Submission, ps *problems) {
	if s.Guardian != "" || s.Entry.IsZero() {
		return
	}
	rules, err := rb.RulesFor(s.Entry)
	if err != nil {
		return // reported as "entry: no_rules"
	}
	if rules.Minors.Minor(s.Person.BirthDate, s.Entry) {
		ps.add("guardian", CodeRequired)
	}
}

// memberField labels a path of a group's member, "members[i]" or
// "members[i].rest": "Member i+1" and the label of rest, so that the
// problems of a group request read like those of a single one.
func (m *Messages) memberField(tag language.Tag, path string) (string, bool) {
	rest, ok := strings.CutPrefix(path, "members[")
	if !ok {
		return "", false
	}
	end := strings.IndexByte(rest, ']')
	if end < 1 || !isDigits(rest[:end]) || len(rest[:end]) > 6 {
		return "", false
	}
	n, _ := strconv.Atoi(rest[:end])
	p := m.printer(tag)
	if p == nil || !m.known["field.member"] {
		return "", false
	}
	label := p.Sprintf("field.member", strconv.Itoa(n+1))
	if field, ok := strings.CutPrefix(rest[end+1:], "."); ok && field != "" {
		return label + ": " + m.Field(tag, field), true
	}
	return label, rest[end+1:] == ""
}

// groupMessages are the labels of the fields of group registration and
// minors, added to msgTable's.
func groupMessages() []msgEntry {
	return []msgEntry{
		{"field.guardian", "Parent or guardian", "Родитель или опекун", "Ата-ана немесе қамқоршы", "Ota-ona yoki vasiy"},
		{"field.group", "Group", "Группа", "Топ", "Guruh"},
		{"field.members", "Group members", "Участники группы", "Топ қатысушылары", "Guruh ishtirokchilari"},
		{"field.member", "Member %[1]s", "Участник %[1]s", "Қатысушы %[1]s", "Ishtirokchi %[1]s"},
	}
}
