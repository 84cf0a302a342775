package migreg

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/store"
)

// GroupRequest is one submission for several people at one address with
// one host: a family, a tour group. Each member gets a registration of
// their own, with their own deadlines and stay count, linked to the others
// by the group's ID (Registration.Group), and the host answers the group
// in one decision (ConfirmGroup, RejectGroup).
//
// In JSON (see docs/wire.md) it is {"host", "address", "place",
// "members", "planned_end", "by", "idempotency_key"}. String, fmt verbs and LogValue
// show the number of members only.
type GroupRequest struct {
	Host    registration.Host    `json:"host"`
	Address registration.Address `json:"address"`
	Place   registration.Place   `json:"place"`
	Members []GroupMember        `json:"members"`
	// PlannedEnd is the last day of the group's booking, when the host
	// knows it (a hotel's check-out date): every member's submission
	// carries it and is checked against that member's own stay limit
	// (see registration.Submission.PlannedEnd).
	PlannedEnd calendar.Date `json:"planned_end,omitzero"`
	// By is who files: one of the members, an adult (zero: the first
	// adult member), or the hotel or dormitory that is the group's host, which
	// confirms every member in the same step. Filed by a member, each
	// registration is recorded as its own member's submission, as if
	// each had filed it: the member who files enters the others' data.
	By registration.Actor `json:"by,omitzero"`
	// IdempotencyKey makes the request safe to retry, as Submit's: the
	// same key returns the first request's group and changes nothing, and
	// with other content is an error matching ErrIdempotencyMismatch.
	// Empty: the request's content is its key, so the same group request
	// returns the first group, even once it was refused (file it again
	// with a key of its own).
	IdempotencyKey string `json:"idempotency_key,omitempty"`
}

// GroupMember is one person of a group: who, the entry of their stay,
// and, for a move, the registration they leave and when. Guardian is the
// index in Members of the member who is this one's parent or guardian: a
// minor under the rules' MinorPolicy (under 18 on the entry date, by
// default) must name one, an adult. In JSON, "guardian" is that index
// (0 is the first member) or absent.
type GroupMember struct {
	Person    registration.Person `json:"person"`
	Entry     calendar.Date       `json:"entry"`
	MovedFrom registration.ID     `json:"moved_from,omitempty"`
	MovedOn   calendar.Date       `json:"moved_on,omitzero"`
	Guardian  *int                `json:"guardian,omitempty"`
}

// String describes the request without personal data: how many members.
func (r GroupRequest) String() string {
	return "group request: " + strconv.Itoa(len(r.Members)) + " members, " + r.Place.String()
}

// Format makes every fmt verb, %#v included, print String.
func (r GroupRequest) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the number of members only.
func (r GroupRequest) LogValue() slog.Value {
	return slog.GroupValue(slog.Int("members", len(r.Members)))
}

// String describes the member without personal data: the entry date and
// the guardian's index.
func (m GroupMember) String() string {
	s := "group member, entry " + m.Entry.String()
	if m.Guardian != nil {
		s += ", guardian member " + strconv.Itoa(*m.Guardian)
	}
	return s
}

// Format makes every fmt verb, %#v included, print String.
func (m GroupMember) Format(f fmt.State, verb rune) { fmt.Fprint(f, m.String()) }

// LogValue implements slog.LogValuer: the entry date only.
func (m GroupMember) LogValue() slog.Value { return slog.StringValue(m.String()) }

// GroupResult is the outcome of a group command: the group, and one
// result per member, in the order of the request's members.
type GroupResult struct {
	Group   registration.GroupID `json:"group"`
	Members []MemberResult       `json:"members"`
}

// String describes the outcome without personal data.
func (r GroupResult) String() string {
	parts := make([]string, len(r.Members))
	for i, m := range r.Members {
		parts[i] = m.String()
	}
	return "group " + string(r.Group) + ": " + strings.Join(parts, "; ")
}

// Format makes every fmt verb, %#v included, print String.
func (r GroupResult) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the group's ID and its size.
func (r GroupResult) LogValue() slog.Value {
	return slog.GroupValue(slog.String("group", string(r.Group)), slog.Int("members", len(r.Members)))
}

// MemberResult is the outcome of a group command for one member: the
// member's registration and, once it is confirmed, the token of its
// certificate (see Service.Certificate); or the error of this member.
//
// In JSON it is {"index", "registration", "certificate"} or {"index",
// "error"}, the error in its public form (WireError), as BatchResult's.
type MemberResult struct {
	Index        int
	Registration registration.Registration
	Certificate  string
	Err          error
}

// String describes the member's outcome with personal data masked, e.g.
// "member 1: registration g-2 v2 confirmed".
func (r MemberResult) String() string {
	s := "member " + strconv.Itoa(r.Index) + ": "
	switch {
	case r.Err != nil:
		return s + errorText(r.Err)
	case r.Registration.IsZero():
		return s + "no registration"
	}
	return s + "registration " + string(r.Registration.ID) + " v" + strconv.Itoa(r.Registration.Version) + " " + r.Registration.State.String()
}

// Format makes every fmt verb, %#v included, print String.
func (r MemberResult) Format(f fmt.State, verb rune) { fmt.Fprint(f, r.String()) }

// LogValue implements slog.LogValuer: the index, the registration's ID
// and state, or the error's code.
func (r MemberResult) LogValue() slog.Value {
	if r.Err != nil {
		return slog.GroupValue(slog.Int("index", r.Index), slog.String("error", string(WireErrorOf(r.Err).Code)))
	}
	return slog.GroupValue(slog.Int("index", r.Index), slog.String("id", string(r.Registration.ID)), slog.String("state", r.Registration.State.String()))
}

// GroupError reports the members a group command failed for, each with
// its error. A SubmitGroup with one is refused whole: nothing is stored.
// A ConfirmGroup or RejectGroup with one answered the other members.
//
// It matches what its members' errors match (errors.Is, errors.As), and
// first a *registration.ValidationError that lists every member's
// problems with the member's path, "members[2].guardian: required" (the
// problems of the host, address and place, which the members share, once,
// without one): WireErrorOf gives them all.
type GroupError struct {
	Members []MemberResult `json:"members"`
}

// Error names each failing member and its error, without personal data.
func (e *GroupError) Error() string {
	parts := make([]string, len(e.Members))
	for i, m := range e.Members {
		parts[i] = m.String()
	}
	return "migreg: group: " + strings.Join(parts, "; ")
}

// Unwrap returns the members' problems as one *registration.ValidationError,
// when there are any, then each member's error.
func (e *GroupError) Unwrap() []error {
	var out []error
	var ps []registration.Problem
	for _, m := range e.Members {
		var ve *registration.ValidationError
		if !errors.As(m.Err, &ve) {
			continue
		}
		for _, p := range ve.Problems {
			if !shared(p.Path) {
				p.Path = memberPath(m.Index, p.Path)
			} else if slices.Contains(ps, p) {
				continue
			}
			ps = append(ps, p)
		}
	}
	if len(ps) > 0 {
		out = append(out, &registration.ValidationError{Problems: ps})
	}
	for _, m := range e.Members {
		out = append(out, m.Err)
	}
	return out
}

// shared reports whether a path is of what a group's members share: the
// host, the address, the place, the booking's end, a decision's reason.
func shared(path string) bool {
	for _, p := range []string{"host", "host_id", "address", "place", "planned_end", "reason"} {
		if path == p || strings.HasPrefix(path, p+".") {
			return true
		}
	}
	return false
}

// memberPath returns the path of a member's field: "members[i].path".
func memberPath(i int, path string) string {
	return "members[" + strconv.Itoa(i) + "]." + path
}

// memberID returns the ID of the registration of a group's member i
// (counted from 0): the group's ID, "-" and i+1.
func memberID(g registration.GroupID, i int) registration.ID {
	return registration.ID(string(g) + "-" + strconv.Itoa(i+1))
}

// SubmitGroup files a group registration: one registration per member, at
// the request's address with its host, all in one commit. The group is
// validated as a whole: every member is checked as Submit checks one
// (each against their own trips, registrations and stay limits) and, when
// any member fails, nothing is stored and the *GroupError, also in the
// result's members, says which member failed and why. A hotel or
// dormitory filing for its guests confirms every member in the same
// step; the result then holds each member's certificate.
//
// Minors (registration.MinorPolicy): a member who is a minor on their
// entry date must name an adult member as Guardian
// ("members[i].guardian: required"); a guardian out of range, the member
// itself or a minor is "members[i].guardian: invalid". Two members who
// are one person are "members[j].person: invalid".
//
// Errors: *registration.LimitError for a request over a limit (more than
// MaxGroupMembers members, or a member's field: its path names the
// member), *registration.ValidationError for a request without members,
// *registration.ForbiddenError for a filer who is neither a member nor
// the group's hotel or dormitory, *GroupError, ErrIdempotencyMismatch,
// and the store's errors.
func (s *Service) SubmitGroup(ctx context.Context, req GroupRequest) (GroupResult, error) {
	res, err := s.submitGroup(ctx, req)
	attrs := []slog.Attr{slog.Int("members", len(req.Members))}
	if res.Group != "" { // none when refused: docs/wire.md, no empty field
		attrs = append(attrs, slog.String("group", string(res.Group)))
	}
	s.logCommand(ctx, "submit group", "", err, attrs...)
	return res, wrap("submit group", err)
}

// groupFiling is one group submission: the request, its members'
// submissions, the filer and the key. groupTx takes a copy.
type groupFiling struct {
	req              GroupRequest
	subs             []registration.Submission
	by               registration.Actor
	byMember         bool // the request named no filer: the member filer files
	filer            int
	at               time.Time
	key, fingerprint string
}

// submitGroup is SubmitGroup without the log and the wrap.
func (s *Service) submitGroup(ctx context.Context, req GroupRequest) (GroupResult, error) {
	c := groupFiling{req: req, by: req.By, at: s.clock.Now()}
	if err := s.checkGroup(req, c.at); err != nil {
		return GroupResult{}, err
	}
	for _, m := range req.Members {
		c.subs = append(c.subs, registration.Submission{Person: m.Person, Host: req.Host, Address: req.Address, Place: req.Place,
			Entry: m.Entry, MovedFrom: m.MovedFrom, MovedOn: m.MovedOn, PlannedEnd: req.PlannedEnd, HostID: s.ids.Host(req.Host)})
	}
	if c.by == (registration.Actor{}) {
		// The first adult files (the first member when none is).
		c.filer = max(0, slices.IndexFunc(req.Members, func(m GroupMember) bool { return !s.minor(m) }))
		c.by, c.byMember = registration.ForeignerActor(s.ids.Foreigner(req.Members[c.filer].Person)), true
	}
	b, err := json.Marshal(struct {
		R  GroupRequest
		By registration.Actor
	}{GroupRequest{Host: req.Host, Address: req.Address, Place: req.Place, Members: req.Members, PlannedEnd: req.PlannedEnd}, c.by})
	if err != nil {
		return groupRefused(len(req.Members), unmarshalable(c))
	}
	sum := sha256.Sum256(b)
	c.fingerprint = hex.EncodeToString(sum[:])
	c.key = "group|" + actorKey(c.by) + "|" + cmp.Or(req.IdempotencyKey, "#"+c.fingerprint)
	var out GroupResult
	if err := s.update(ctx, func(tx store.Tx) error {
		var err error
		out, err = s.groupTx(ctx, tx, c)
		return err
	}); err != nil {
		return groupRefused(len(req.Members), err)
	}
	return out, s.certificates(ctx, out.Members)
}

// groupRefused returns the result of a group of n members that failed with
// err: when err is a *GroupError, a result for every member, the failing
// ones with their errors, as SubmitGroup's doc promises; otherwise none.
func groupRefused(n int, err error) (GroupResult, error) {
	var ge *GroupError
	if !errors.As(err, &ge) {
		return GroupResult{}, err
	}
	out := GroupResult{Members: make([]MemberResult, n)}
	for i := range out.Members {
		out.Members[i].Index = i
	}
	for _, m := range ge.Members {
		out.Members[m.Index] = m
	}
	return out, err
}

// unmarshalable reports why a request does not marshal: only an enum out
// of its range fails, the filer's kind, or a submission's (place, sex,
// document kind), which its validation names.
func unmarshalable(c groupFiling) error {
	if _, err := json.Marshal(c.by); err != nil {
		return problem("by.kind", registration.CodeInvalid)
	}
	var bad []MemberResult
	for i, sub := range c.subs {
		sub.ID = "x" // not what is checked
		if _, err := json.Marshal(sub); err != nil {
			bad = append(bad, MemberResult{Index: i, Err: cmp.Or(sub.Validate(), problem("person", registration.CodeInvalid))})
		}
	}
	return &GroupError{Members: bad}
}

// checkGroup refuses, before any other work, a request over a limit or
// without members, and checks what needs no stored data: the members'
// guardians and the filer.
func (s *Service) checkGroup(req GroupRequest, at time.Time) error {
	if err := over("group_members", "members", len(req.Members), MaxGroupMembers); err != nil {
		return err
	}
	if len(req.Members) == 0 {
		return problem("members", registration.CodeRequired)
	}
	for i, m := range req.Members {
		sub := registration.Submission{Person: m.Person, Host: req.Host, Address: req.Address, MovedFrom: m.MovedFrom}
		if err := sub.CheckLimits(); err != nil {
			var le *registration.LimitError
			if errors.As(err, &le) && !shared(le.Path) {
				c := *le
				c.Path = memberPath(i, le.Path)
				return &c
			}
			return err
		}
	}
	if err := checkKey(req.IdempotencyKey); err != nil {
		return err
	}
	if err := errors.Join(registration.CheckActor(req.By), checkDay("submitted_at", calendar.DateOf(at))); err != nil {
		return err
	}
	var ps []registration.Problem
	for i, m := range req.Members {
		if m.Guardian == nil {
			continue
		}
		g := *m.Guardian
		if g < 0 || g >= len(req.Members) || g == i || s.minor(req.Members[g]) {
			ps = append(ps, registration.Problem{Path: memberPath(i, "guardian"), Code: registration.CodeInvalid})
		}
	}
	if len(ps) > 0 {
		return &registration.ValidationError{Problems: ps}
	}
	return nil
}

// minor reports whether the member is a minor under the rules of their
// entry.
func (s *Service) minor(m GroupMember) bool {
	rules, err := s.rules.RulesFor(m.Entry)
	return err == nil && rules.Minors.Minor(m.Person.BirthDate, m.Entry)
}

// groupTx is a group submission's transaction: it resolves and locks the
// members, answers a retry from its key, plans every member and, when
// none failed, writes them all. A store may run it again: every attempt
// starts from the request.
func (s *Service) groupTx(ctx context.Context, tx store.Tx, c groupFiling) (GroupResult, error) {
	subs := slices.Clone(c.subs)
	var bad []MemberResult
	dup := make([]bool, len(subs))
	people := make([]registration.Person, len(subs))
	for i := range subs {
		people[i] = subs[i].Person
	}
	ids, err := s.lockPeople(ctx, tx, people)
	if err != nil {
		return GroupResult{}, err
	}
	seen := make(map[registration.ForeignerID]bool, len(subs))
	for i, id := range ids {
		subs[i].Foreigner = id
		if dup[i] = seen[id]; dup[i] {
			bad = append(bad, MemberResult{Index: i, Err: problem("person", registration.CodeInvalid)})
		}
		seen[id] = true
	}
	by := c.by
	if c.byMember {
		by = registration.ForeignerActor(subs[c.filer].Foreigner)
	}
	if err := s.checkFiler(c.req, subs, by); err != nil {
		return GroupResult{}, err
	}
	rec, err := tx.Idempotency(ctx, c.key)
	switch {
	case err == nil:
		if rec.Fingerprint != c.fingerprint {
			return GroupResult{}, ErrIdempotencyMismatch
		}
		first, err := tx.Registration(ctx, rec.Registration)
		if err != nil {
			return GroupResult{}, err
		}
		regs, err := readGroup(ctx, tx, first.Group)
		return groupResult(first.Group, regs), err
	case !errors.Is(err, store.ErrNotFound):
		return GroupResult{}, err
	}
	g := registration.GroupID(s.newID())
	for i := range subs {
		subs[i].ID, subs[i].Group = memberID(g, i), g
		if m := c.req.Members[i]; m.Guardian != nil {
			subs[i].Guardian = memberID(g, *m.Guardian)
		}
	}
	plans := make([]planned, len(subs))
	for i := range subs {
		if dup[i] {
			continue
		}
		actor := by
		if by.Kind == registration.ActorForeigner {
			actor = registration.ForeignerActor(subs[i].Foreigner) // each member's own submission
		}
		p, err := s.plan(ctx, tx, nil, subs[i], actor, c.at, nil)
		if err != nil && !memberFailure(err) {
			return GroupResult{}, err
		}
		if err != nil {
			bad = append(bad, MemberResult{Index: i, Err: err})
		}
		plans[i] = p
	}
	if len(bad) > 0 {
		slices.SortFunc(bad, func(a, b MemberResult) int { return a.Index - b.Index })
		return GroupResult{}, &GroupError{Members: bad}
	}
	out := GroupResult{Group: g, Members: make([]MemberResult, len(subs))}
	for i, p := range plans {
		r, err := s.write(ctx, tx, nil, p, c.at)
		if err != nil {
			return GroupResult{}, err
		}
		out.Members[i] = MemberResult{Index: i, Registration: r}
	}
	if err := tx.PutIdempotency(ctx, store.IdempotencyRecord{Key: c.key, Fingerprint: c.fingerprint, Registration: memberID(g, 0), CreatedAt: c.at.UTC()}); err != nil {
		return GroupResult{}, err
	}
	return out, nil
}

// checkFiler refuses a filer who is neither an adult member of the group
// nor its host filing for its guests (a hotel or dormitory).
func (s *Service) checkFiler(req GroupRequest, subs []registration.Submission, by registration.Actor) error {
	switch by.Kind {
	case registration.ActorHost:
		if registration.HostID(by.ID) == s.ids.Host(req.Host) && req.Host.Kind.FilesForGuests() {
			return nil
		}
	case registration.ActorForeigner:
		for i, sub := range subs {
			if registration.ForeignerActor(sub.Foreigner) == by && !s.minor(req.Members[i]) {
				return nil
			}
		}
	}
	return &registration.ForbiddenError{Actor: by, Command: registration.CmdSubmit}
}

// memberFailure reports whether err is a member's own failure, which a
// group reports per member, rather than the store's, which aborts it.
func memberFailure(err error) bool {
	for _, e := range []error{registration.ErrInvalid, registration.ErrLimit, registration.ErrRefused,
		registration.ErrForbidden, registration.ErrNoRules, ErrNotActive} {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}

// groupResult returns the result of a group's registrations as stored.
func groupResult(g registration.GroupID, regs []registration.Registration) GroupResult {
	out := GroupResult{Group: g, Members: make([]MemberResult, len(regs))}
	for i, r := range regs {
		out.Members[i] = MemberResult{Index: i, Registration: r}
	}
	return out
}
