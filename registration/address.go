package registration

import (
	"fmt"
	"log/slog"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Address is where a foreigner stays, in the structure of Kazakhstan's
// address register: region, locality, street, building and flat or room,
// with the optional KATO code (the classifier of administrative-territorial
// objects, nine digits) of the locality.
//
// Addresses are typed by people and by hotel systems, so the same place
// arrives spelled in many ways ("г. Алматы, ул. Абая, д. 10, кв. 5" and
// "Алматы, Абая 10, 5"). Key and Equal compare the normalized form; the
// fields themselves keep what was typed.
type Address struct {
	Region   string `json:"region"`             // oblast or city of republican significance, e.g. "Алматы"
	Locality string `json:"locality,omitempty"` // city, town or village; may repeat the region for Almaty, Astana, Shymkent
	Street   string `json:"street"`
	Building string `json:"building"`       // house or building number, with its letter or block
	Unit     string `json:"unit,omitempty"` // flat or room
	KATO     string `json:"kato,omitempty"` // optional nine-digit KATO code
}

// Normalized returns the address in its comparable form: Unicode NFKC,
// lower case, "ё" as "е", punctuation as space, runs of spaces as one, and
// the usual type words and abbreviations dropped in Russian, Kazakh and
// English ("г.", "город", "қаласы", "ул.", "улица", "көшесі", "street",
// "д.", "дом", "үй", "кв.", "квартира", "пәтер", "flat", "room", ...). It
// does not transliterate: "Abay" and "Абая" stay different.
func (a Address) Normalized() Address {
	return Address{
		Region:   normalizePart(a.Region),
		Locality: normalizePart(a.Locality),
		Street:   normalizePart(a.Street),
		Building: normalizePart(a.Building),
		Unit:     normalizePart(a.Unit),
		KATO:     normalizePart(a.KATO),
	}
}

// Key returns the normalized address as one string, equal for two
// addresses exactly when Equal reports true. A locality that repeats the
// region (cities of republican significance) is dropped, and in the
// building and the unit spaces are dropped and Latin letters that look
// Cyrillic are read as Cyrillic ("10 A" and "10а" are one building).
func (a Address) Key() string {
	n := a.Normalized()
	if n.Locality == n.Region {
		n.Locality = ""
	}
	return n.Region + "|" + n.Locality + "|" + n.Street + "|" + compactNumber(n.Building) + "|" + compactNumber(n.Unit)
}

// compactNumber removes spaces from a normalized building or flat number
// and maps Latin look-alikes to Cyrillic letters.
func compactNumber(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ':
			return -1
		case 'a':
			return 'а'
		case 'b':
			return 'в'
		case 'c':
			return 'с'
		case 'e':
			return 'е'
		case 'k':
			return 'к'
		case 'm':
			return 'м'
		case 'h':
			return 'н'
		case 'o':
			return 'о'
		case 'p':
			return 'р'
		case 't':
			return 'т'
		case 'x':
			return 'х'
		case 'y':
			return 'у'
		}
		return r
	}, s)
}

// Equal reports whether a and b are the same place once normalized. The
// KATO code is not compared: it names the locality, which the other fields
// already do, and is often missing.
func (a Address) Equal(b Address) bool { return a.Key() == b.Key() }

// IsZero reports whether no field is set.
func (a Address) IsZero() bool { return a == Address{} }

// Line returns the address as typed, comma-separated, from the region
// down: what a certificate or a message prints. It is personal data (where
// a person lives); String, fmt and slog show only the region and locality.
func (a Address) Line() string {
	return joinParts(a.Region, a.Locality, a.Street, a.Building, a.Unit)
}

// String returns the region and locality as typed, and "***" for the
// street, building and flat when any is set, e.g. "Алматы, ***": where
// in a city a person lives is personal data, which no String shows (Line
// gives the whole address).
func (a Address) String() string {
	s := joinParts(a.Region, a.Locality)
	if joinParts(a.Street, a.Building, a.Unit) == "" {
		return s
	}
	return joinParts(s, "***")
}

// Format makes every fmt verb, %+v and %#v included, print String.
func (a Address) Format(f fmt.State, verb rune) { fmt.Fprint(f, a.String()) }

// LogValue implements slog.LogValuer with String.
func (a Address) LogValue() slog.Value { return slog.StringValue(a.String()) }

// joinParts joins the parts that are not blank with ", ".
func joinParts(parts ...string) string {
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}

// typeWords are dropped from every part of a normalized address: they say
// what kind of thing a name is, not which one.
var typeWords = map[string]bool{
	// regions and localities
	"г": true, "гор": true, "город": true, "қ": true, "қала": true, "қаласы": true, "city": true,
	"обл": true, "область": true, "облысы": true, "region": true, "oblast": true,
	"с": true, "село": true, "ауыл": true, "ауылы": true, "village": true, "пос": true, "поселок": true, "кент": true,
	"р-н": true, "район": true, "ауданы": true, "district": true, "мкр": true, "микрорайон": true, "шағын": true,
	// streets
	"ул": true, "улица": true, "көше": true, "көшесі": true, "к-сі": true, "street": true, "st": true, "str": true,
	"пр": true, "пр-т": true, "проспект": true, "даңғылы": true, "даң": true, "avenue": true, "ave": true, "av": true,
	"пер": true, "переулок": true, "тұйық": true, "бульвар": true, "бул": true, "boulevard": true, "blvd": true,
	"шоссе": true, "ш": true, "road": true, "rd": true,
	// buildings
	"д": true, "дом": true, "үй": true, "house": true, "bldg": true, "building": true, "no": true, "№": true,
	// flats and rooms
	"кв": true, "квартира": true, "пәтер": true, "flat": true, "apt": true, "apartment": true,
	"ком": true, "комн": true, "комната": true, "бөлме": true, "room": true, "rm": true,
}

// normalizePart normalizes one address field.
func normalizePart(s string) string {
	s = norm.NFKC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = unicode.ToLower(r)
		switch {
		case r == 'ё':
			r = 'е'
		case r == '№':
			b.WriteString(" № ")
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '/':
		default:
			r = ' '
		}
		b.WriteRune(r)
	}
	words := strings.Fields(b.String())
	kept := words[:0]
	for _, w := range words {
		w = strings.Trim(w, "-/")
		if w == "" || typeWords[w] {
			continue
		}
		kept = append(kept, w)
	}
	return strings.Join(kept, " ")
}
