package penalty

import (
	"strings"

	"github.com/shopspring/decimal"
)

// FormatTenge formats an amount of tenge the way Kazakh documents write
// it: digits in groups of three separated by spaces, then the tenge sign,
// e.g. "43 250 ₸". The separators are plain ASCII spaces (U+0020), chosen
// for simplicity over the typographic thin or no-break space; replace them
// at the edge if needed. Fines are whole tenge; any fractional part is
// printed after a point, exactly, never rounded ("1 234.5 ₸").
func FormatTenge(d decimal.Decimal) string {
	s := d.String() // exact, no exponent, "-" for negatives
	sign := ""
	if strings.HasPrefix(s, "-") {
		sign, s = "-", s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	b.WriteString(sign)
	for i, r := range whole {
		if i > 0 && (len(whole)-i)%3 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	if hasFrac {
		b.WriteByte('.')
		b.WriteString(frac)
	}
	b.WriteString(" ₸")
	return b.String()
}
