// Package registration is the domain of migreg: the foreigner ([Person]),
// the host ([Host]), the address ([Address]) and the kind of lodging
// ([Place]); the [Registration] aggregate and its lifecycle; the
// effective-dated [Rules] with their deadlines; and the assessment of a
// foreigner's history into violations with their fines ([Rulebook.Assess]).
//
// Everything here is pure: no I/O and no clock. Every date or instant is an
// argument, so the same inputs always give the same result.
//
// # The lifecycle
//
// MVD order No. 923 (in force 1 July 2026; docs/legal.md Part A, Part B §2.3):
// the foreigner submits, the host confirms or refuses in an app, a
// certificate follows confirmation, a move is re-registered and the old
// address removed automatically.
//
//	                 ┌──> rejected   (the named host refuses, with a reason)
//	submit ──> pending ──> withdrawn  (the foreigner)
//	   │             ├──> lapsed     (the system, after the host's deadline)
//	   │             └──> confirmed  (the named host)
//	   │                     ├──> superseded (the system: a new address was confirmed)
//	   │                     ├──> ended      (the system or an authority: departure, end of stay;
//	   │                     │                 the named host: check-out)
//	   │                     └──> annulled   (an authority: false data)
//	   └── a hotel or dormitory filing for its guest confirms in the same step
//
// Transitions are pure functions of (registration, actor, command,
// instant): [Submit] starts a registration, [Registration.Apply] performs a
// [Command], and both return the new value and the [Event]s for the audit
// log; [Replay] rebuilds a registration from its events. A command that
// ends something ([End], a departure's [Lapse]) takes the day it happened
// (EffectiveOn): the event records it beside the instant processed, and
// the registration closes on it. An illegal
// transition is a [*TransitionError] (matching [ErrInvalidTransition]); a
// legal one by the wrong actor is a [*ForbiddenError] (matching
// [ErrForbidden]). A [Dossier] holds all registrations of one foreigner and
// keeps the rule that at most one is active: confirming a new address
// supersedes the old in the same step.
//
// # Rules and deadlines
//
// A stay is judged under the [Rules] in force on its entry date
// ([RulesFor]): the host-notification regime until 30 June 2026, order
// No. 923 after. Every convention docs/legal.md Part A fixes where the law is
// silent is a field with its documented default. A [Rulebook] bundles the
// rules with the working-day calendar, the stay regimes and the penalty
// catalogue, and computes the deadlines, each with the calendar's
// explanation: [Rulebook.RegistrationDue] (the 30th calendar day, the
// entry day being day 1), [Rulebook.ReregistrationDue] (5 working days
// after a move), [Rulebook.HostAnswerDue], [Rulebook.HostNotificationDue]
// and [Rulebook.ValidUntil].
//
// # Validation
//
// Validators report every problem at once in a [*ValidationError]
// (matching [ErrInvalid]): each [Problem] has a dotted field path and a
// stable [Code], such as "person.document.expiry: expired_before_entry".
// [Rulebook.Submit] adds the refusal grounds of order No. 923: a
// citizenship that needs a visa is a problem, a foreigner already beyond
// the permitted stay is a [*RefusalError] (matching [ErrRefused]).
//
// # Personal data
//
// No String, no fmt verb (%#v included) and no slog value of a type of
// this package shows personal data: document numbers, IINs and BINs are
// masked to their last digits, given names shortened to initials, an
// individual host's name to initials, a [Contact] to the channels it has
// ("phone, e-mail"), and a [ForeignerID] or a [HostID], a keyed
// pseudonym that links one person's records (see [Pseudonyms]), to
// "f_***" or "h_***" (use string(id) for the ID itself). Containers ([Registration], [Event],
// [Submission], [Violation], [History], [Dossier], [Change]) have a
// LogValue of their own, so that slog's JSON handler does not write them
// in their JSON form. JSON is the wire and the storage format, and
// carries the data in full: see docs/wire.md, which also says how to log
// a slice of these values safely.
//
// # Messages
//
// The domain returns codes; [Messages] renders them in English, Russian,
// Kazakh and Uzbek through golang.org/x/text.
package registration
