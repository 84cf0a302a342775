// Package kzid reads and builds the twelve-digit identification numbers of
// Kazakhstan: the IIN (ИИН, ЖСН) of a person and the BIN (БИН, БСН) of an
// organisation. It checks a number against the rules for forming it
// (docs/legal.md Part B §5) and reports the facts the digits encode. Part A of
// docs/legal.md says where migreg needs them: the IIN is optional for a foreigner
// and required for a host who is an individual; a host organisation is named
// by its BIN.
//
// # Parsing
//
// [ParseIIN] and [ParseBIN] accept exactly twelve ASCII digits. Leading and
// trailing ASCII white space (space, tab, CR, LF) is trimmed, because numbers
// pasted from forms and spreadsheets often carry it. Anything else is
// rejected: inner spaces, hyphens, signs, letters, and non-ASCII digits such
// as "٠" or full-width "０". A number is accepted only if every rule holds:
//
//	IIN  YYMMDD G NNNN C   birth date, century and sex, serial, check digit
//	BIN  YYMM T A NNNNN C  registration year and month, entity type,
//	                       attribute, serial, check digit
//
// # The check digit
//
// Both numbers end in the same two-pass mod-11 check digit (see [CheckDigit]).
// When both passes give 10 no check digit exists: such a number is never
// issued, and kzid rejects it with the rule [RuleChecksumUnusable].
//
// The check digit catches most typing mistakes, not all: the first pass
// weighs the eleventh digit by 11, which is 0 modulo 11, so when the first
// pass decides the check digit, changing only the eleventh digit gives
// another valid number. Treat a valid IIN as well formed, not as proof that
// it belongs to the person who typed it.
//
// # Facts
//
// An [IIN] reports the [IIN.BirthDate], the [IIN.Century] and the [IIN.Sex]
// of its holder; a [BIN] reports its registration year and month
// ([BIN.RegisteredYear], [BIN.RegisteredMonth]), its [EntityType] and its
// [Attribute]. kzid has no clock, so it never checks that a birth or
// registration date lies in the past: compare [IIN.BirthDate] with a date
// you supply when that matters.
//
// # Unconfirmed rules
//
// The seventh digit of an IIN is 1 to 6 in every confirmed source. Some
// validators treat 0 as "not a person"; 0 and 7 to 9 are UNCONFIRMED
// (docs/legal.md Part B §5). [ParseIIN] rejects them with [RuleCentury]; a caller
// that must accept them opts in with [ParseIINWith] and
// [Options].AllowUnknownCentury, and then gets an IIN without a birth date,
// century or sex.
//
// # Personal data
//
// An IIN identifies a person, so kzid never prints one in full by accident:
// String, every fmt verb (%v, %+v, %#v, %s, %q, ...), GoString and
// slog's LogValue show only the last four digits, as in "********0012".
// That hides the date of birth, the sex and most of the serial. Errors mask
// the rejected text the same way. A BIN is masked by the same rule: the BIN
// of a peasant farm or a joint entrepreneurship points to individuals, and
// one rule is easier to audit than two.
//
// The full number leaves the package only through calls that exist to store
// or transmit it: Digits, MarshalText and AppendText (so encoding/json and
// encoding/xml write the full number) and the database/sql Value method.
// Code that logs a struct through those encoders logs the full number; in
// particular slog's JSONHandler encodes a struct attribute with
// encoding/json, so log the IIN itself, or give the struct a LogValue
// method, rather than logging a struct that holds one.
//
// The number is held in an unexported field in a scrambled form, so that even
// a reflective dump of a struct that holds an IIN in an unexported field
// (where fmt cannot call String) shows no digits of it. The scrambling is not
// encryption: it only keeps the number out of logs by accident.
//
// # Errors
//
// Every rejected number is an [*Error] that names the [Kind] of number and
// the [Rule] that failed, as a stable code such as "checksum" or
// "birth_date" suitable for translated messages. Every such error matches
// [ErrInvalid] with errors.Is.
//
// # Concurrency
//
// IIN, BIN and the enumerations are immutable values: they are safe to copy,
// compare with == and share between goroutines. The package has no state.
package kzid
