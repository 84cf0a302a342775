package sqlstore

import "strconv"

// Short JSON keys in the bodies (schema version 4).
//
// The bodies the store writes are JSON whose keys repeat in every row
// ("given_names", "issuing_country" ...): a fifth of a submission's bytes.
// The store writes the keys it knows as short codes of capital letters
// (A, B, ... Z, AA, AB ...), which no key of migreg's snake_case JSON can
// be, and reads them back; a key it does not know (a field added later)
// is written as it is. Rows written before version 4 have only long keys
// and read unchanged.

// bodyKeys are the keys written as codes, the code of each given by its
// place in the list. Add new keys at the end; never reorder or remove one:
// stored rows name their keys by these places.
var bodyKeys = []string{
	// Submission and registration.
	"id", "person", "host", "address", "place", "entry", "moved_from", "moved_on",
	// Person and document.
	"surname", "given_names", "birth_date", "sex", "citizenship", "document", "kind", "number",
	"issuing_country", "expiry", "cyrillic_surname", "cyrillic_given_names", "cyrillic_patronymic",
	// Host, contact, address.
	"name", "iin", "bin", "size", "contact", "phone", "email", "app",
	"region", "locality", "street", "building", "unit", "kato", "note", "code",
	// Event and registration bodies.
	"on", "actor", "from", "to", "submission", "host_due", "valid_until", "reason", "superseded_by",
	"filed_by", "submitted_on", "confirmed_on", "closed_on",
	// The IDs a submission carries since schema 5 (keyed pseudonyms).
	"foreigner", "host_id",
	// The date an end took effect (issue 22).
	"effective_on",
	// Group registration and minors (issue 22).
	"group", "guardian",
	// The planned end of a booking (issue 22).
	"planned_end",
	// The Service's message bodies (schema 6, compact.go).
	"registration", "event", "certificate", "reregister_by",
	// What a stored body leaves to the registration's columns (schema 6).
	"ids_as_columns", "party",
}

// keyCodes and codeKeys map the keys of bodyKeys to their codes and back.
var keyCodes, codeKeys = func() (map[string]string, map[string]string) {
	toCode, toKey := make(map[string]string, len(bodyKeys)), make(map[string]string, len(bodyKeys))
	for i, k := range bodyKeys {
		code := string(rune('A' + i%26))
		if i >= 26 {
			code = string(rune('A'+i/26-1)) + code
		}
		toCode[k], toKey[code] = code, k
	}
	return toCode, toKey
}()

// bodyValues are the string values written as codes (schema 6): the
// names of migreg's enums (states, event types, kinds of actor, lodging,
// host and document, sex), which repeat in every row. A member's value
// that is one of them is written as the number i.0, i its place in the
// list from 1: JSON still (PostgreSQL keeps bodies as JSONB, and SQLite's
// guard of the event log reads them), and a number that encoding/json
// never writes, whose shortest form of a float has no ".0". Add new
// values at the end; never reorder or remove one.
var bodyValues = []string{
	"pending", "confirmed", "foreigner", "host", "submitted", "private_home", "passport", "individual", "male",
	"female", "rejected", "withdrawn", "lapsed", "superseded", "ended", "annulled", "hotel", "dormitory",
	"rest_house", "other", "organisation", "id_card", "authority", "system",
	// The kinds of the Service's messages (the outbox's kind column).
	"host_request", "decision", "request_closed", "reminder", "checked_out",
}

// valueCodes and codeValues map the values of bodyValues to their codes
// and back.
var valueCodes, codeValues = func() (map[string]string, map[string]string) {
	toCode, toValue := make(map[string]string, len(bodyValues)), make(map[string]string, len(bodyValues))
	for i, v := range bodyValues {
		code := strconv.Itoa(i+1) + ".0"
		toCode[`"`+v+`"`], toValue[code] = code, `"`+v+`"`
	}
	return toCode, toValue
}()

// shortKeys returns JSON written by encoding/json with the keys of
// bodyKeys written as their codes, and the values of bodyValues as
// theirs.
func shortKeys(b []byte) []byte { return replaceKeys(b, keyCodes, valueCodes, false) }

// longKeys returns JSON with the codes of shortKeys written as their keys
// and values. Text that is not JSON comes back changed at most in its keys
// and values, for json.Unmarshal to refuse.
func longKeys(b []byte) []byte { return replaceKeys(b, codeKeys, codeValues, true) }

// replaceKeys returns b with the object keys found in keys replaced: in
// JSON, a string followed by a colon is a key. The value after a key's
// colon is replaced too when values has it: a string (numbers, when
// decoding, are read up to what ends them).
func replaceKeys(b []byte, keys, values map[string]string, decoding bool) []byte {
	// Codes are shorter than what they stand for: encoding shrinks the
	// text, decoding grows it.
	size := len(b)
	if decoding {
		size += len(b) / 2
	}
	out := make([]byte, 0, size)
	for i := 0; i < len(b); {
		if b[i] != '"' {
			out = append(out, b[i])
			i++
			continue
		}
		end := stringEnd(b, i)
		if end >= len(b) {
			return append(out, b[i:]...)
		}
		if end+1 < len(b) && b[end+1] == ':' {
			if r, ok := keys[string(b[i+1:end])]; ok {
				out = append(append(append(out, '"'), r...), '"', ':')
			} else {
				out = append(out, b[i:end+2]...)
			}
			i = end + 2
			// The value, if values has it, after the blanks that
			// PostgreSQL writes in JSONB's text.
			for i < len(b) && b[i] == ' ' {
				out = append(out, ' ')
				i++
			}
			j := i
			if decoding {
				for j < len(b) && ('0' <= b[j] && b[j] <= '9' || b[j] == '.') {
					j++
				}
			} else if j < len(b) && b[j] == '"' {
				j = stringEnd(b, i) + 1
			}
			if j > i && j <= len(b) {
				if r, ok := values[string(b[i:j])]; ok {
					out = append(out, r...)
					i = j
				}
			}
			continue
		}
		out = append(out, b[i:end+1]...)
		i = end + 1
	}
	return out
}

// stringEnd returns the place of the quote that closes the JSON string
// that begins at b[i], or len(b) or more when none does.
func stringEnd(b []byte, i int) int {
	end := i + 1
	for end < len(b) && b[end] != '"' {
		if b[end] == '\\' {
			end++
		}
		end++
	}
	return end
}
