package registration

import "github.com/migreg/migreg/registration/stay"

// KnownCountry reports whether code is an ISO 3166-1 alpha-3 code (Kosovo's
// XKX included), as package stay knows them, or one of the codes ICAO
// travel documents use beyond it: XXA (stateless), XXB and XXC (refugees)
// and XXX (unspecified). Codes must be three upper-case letters; no other
// spelling is accepted.
func KnownCountry(code string) bool {
	if len(code) != 3 {
		return false
	}
	for i := 0; i < 3; i++ {
		if code[i] < 'A' || code[i] > 'Z' {
			return false
		}
	}
	switch code {
	case "XXA", "XXB", "XXC", "XXX":
		return true
	}
	c, err := stay.ParseCitizenship(code)
	return err == nil && c == code
}
