package penalty

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/migreg/migreg/calendar"
	"github.com/shopspring/decimal"
)

// Currency is the ISO 4217 code of the tenge, the currency of every amount
// in this package; JSON writes it beside each amount.
const Currency = "KZT"

// Amounts travel as decimal strings ("43250"), exact and whatever
// shopspring/decimal's package-level MarshalJSONWithoutQuotes is set to,
// each with its currency.

// mrpJSON is an MRP on the wire.
type mrpJSON struct {
	Year       int           `json:"year"`
	From       calendar.Date `json:"from,omitzero"`
	Amount     string        `json:"amount"`
	Currency   string        `json:"currency"`
	Confidence Confidence    `json:"confidence"`
	Source     string        `json:"source,omitempty"`
	Note       string        `json:"note,omitempty"`
}

// MarshalJSON writes the entry in snake_case with its amount as a decimal
// string and its currency.
func (m MRP) MarshalJSON() ([]byte, error) {
	return json.Marshal(mrpJSON{m.Year, m.From, m.Amount.String(), Currency, m.Confidence, m.Source, m.Note})
}

// UnmarshalJSON reads what MarshalJSON writes. The amount must be a
// decimal string and the currency "KZT" (or absent).
func (m *MRP) UnmarshalJSON(b []byte) error {
	var w mrpJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	amount, err := parseAmount(w.Amount, w.Currency)
	if err != nil {
		return err
	}
	*m = MRP{Year: w.Year, From: w.From, Amount: amount, Confidence: w.Confidence, Source: w.Source, Note: w.Note}
	return nil
}

// assessmentJSON is an Assessment on the wire.
type assessmentJSON struct {
	Rule Rule `json:"rule"`
	MRP  *MRP `json:"mrp,omitempty"`
	// Amount and Currency: the fine.
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
	// Confidence is Assessment.Confidence(), written for the reader;
	// UnmarshalJSON ignores it.
	Confidence Confidence `json:"confidence"`
}

// MarshalJSON writes the row applied, the MRP entry that priced the fine
// (none without a fine), the fine as a decimal string with its currency,
// and the assessment's confidence.
func (a Assessment) MarshalJSON() ([]byte, error) {
	w := assessmentJSON{Rule: a.Rule, Amount: a.Amount.String(), Currency: Currency, Confidence: a.Confidence()}
	if a.MRP.Year != 0 {
		w.MRP = &a.MRP
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (a *Assessment) UnmarshalJSON(b []byte) error {
	var w assessmentJSON
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	amount, err := parseAmount(w.Amount, w.Currency)
	if err != nil {
		return err
	}
	*a = Assessment{Rule: w.Rule, Amount: amount}
	if w.MRP != nil {
		a.MRP = *w.MRP
	}
	return nil
}

// parseAmount reads a decimal string in tenge, such as "43250" or
// "-1.5": digits with an optional sign and fraction, at most 40
// characters, no exponent (which would let a short text stand for a number
// of a billion digits). Empty text is zero.
func parseAmount(s, currency string) (decimal.Decimal, error) {
	if currency != "" && currency != Currency {
		return decimal.Decimal{}, fmt.Errorf("penalty: amount in %q, want %s", cut(currency, 8), Currency)
	}
	if s == "" {
		return decimal.Decimal{}, nil
	}
	if !isDecimal(s) {
		return decimal.Decimal{}, fmt.Errorf("penalty: amount %q is not a decimal number", cut(s, 40))
	}
	return decimal.NewFromString(s)
}

// isDecimal reports whether s is -?digits(.digits)?, at most 40 bytes.
func isDecimal(s string) bool {
	if len(s) > 40 {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
	}
	whole, frac, hasFrac := strings.Cut(s, ".")
	return allDigits(whole) && (!hasFrac || allDigits(frac))
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// cut shortens text quoted in an error.
func cut(s string, n int) string {
	if len(s) > n {
		return s[:n]
	}
	return s
}
