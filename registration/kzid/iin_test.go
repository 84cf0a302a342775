package kzid_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

var (
	firstBirth = calendar.NewDate(1800, time.January, 1)
	lastBirth  = calendar.NewDate(2099, time.December, 31)
)

// genBirth draws a date of birth an IIN can encode.
func genBirth() *rapid.Generator[calendar.Date] {
	return rapid.Custom(func(t *rapid.T) calendar.Date {
		return firstBirth.AddDays(rapid.IntRange(0, lastBirth.DaysSince(firstBirth)).Draw(t, "day"))
	})
}

// genIIN draws a valid IIN through NewIIN, skipping serials without a check
// digit as a generator must.
func genIIN() *rapid.Generator[kzid.IIN] {
	return rapid.Custom(func(t *rapid.T) kzid.IIN {
		birth := genBirth().Draw(t, "birth")
		sex := rapid.SampledFrom([]kzid.Sex{kzid.Male, kzid.Female}).Draw(t, "sex")
		for serial := rapid.IntRange(0, 9999).Draw(t, "serial"); ; serial = (serial + 1) % 10000 {
			if n, err := kzid.NewIIN(birth, sex, serial); err == nil {
				return n
			}
		}
	})
}

func TestParseIINValid(t *testing.T) {
	tests := []struct {
		give    string
		birth   string
		century int
		sex     kzid.Sex
		serial  int
	}{
		{"061211600012", "2006-12-11", 2000, kzid.Female, 1}, // published vector (second pass)
		{"850115300001", "1985-01-15", 1900, kzid.Male, 0},
		{"850115300011", "1985-01-15", 1900, kzid.Male, 1},
		{"991231400002", "1999-12-31", 1900, kzid.Female, 0},
		{"131231100002", "1813-12-31", 1800, kzid.Male, 0},
		{"750704300002", "1975-07-04", 1900, kzid.Male, 0},
		{"750704200006", "1875-07-04", 1800, kzid.Female, 0},
		{"000229600004", "2000-02-29", 2000, kzid.Female, 0},
		{"000229500008", "2000-02-29", 2000, kzid.Male, 0},
		{"240229500007", "2024-02-29", 2000, kzid.Male, 0},
		{" 061211600012", "2006-12-11", 2000, kzid.Female, 1},
		{"061211600012\r\n", "2006-12-11", 2000, kzid.Female, 1},
		{"\t061211600012 ", "2006-12-11", 2000, kzid.Female, 1},
	}
	for _, tt := range tests {
		n, err := kzid.ParseIIN(tt.give)
		if err != nil {
			t.Errorf("ParseIIN(%q) error = %v; want nil", tt.give, err)
			continue
		}
		got := fmt.Sprintf("%s %d %v %d %s", n.BirthDate(), n.Century(), n.Sex(), n.Serial(), n.Digits())
		want := fmt.Sprintf("%s %d %v %d %s", tt.birth, tt.century, tt.sex, tt.serial, strings.TrimSpace(tt.give))
		if got != want {
			t.Errorf("ParseIIN(%q) = birth, century, sex, serial, digits %s; want %s", tt.give, got, want)
		}
	}
}

func TestParseIINInvalid(t *testing.T) {
	tests := []struct {
		give string
		want kzid.Rule
	}{
		{"", kzid.RuleLength},
		{"   ", kzid.RuleLength},
		{"06121160001", kzid.RuleLength},
		{"0612116000122", kzid.RuleLength},
		{"0612 11600012", kzid.RuleLength},
		{"06121160001\v", kzid.RuleDigits}, // only space, tab, CR and LF are trimmed
		{"\u00a0061211600012", kzid.RuleLength},
		{"06121160001a", kzid.RuleDigits},
		{"+61211600012", kzid.RuleDigits},
		{"-61211600012", kzid.RuleDigits},
		{"061211-00012", kzid.RuleDigits},
		{"٠٦١٢١١٦٠٠٠١٢", kzid.RuleLength}, // Arabic-Indic digits are 2 bytes each
		{"０６１２", kzid.RuleDigits},         // four full-width digits are 12 bytes
		{"06121\xff600012", kzid.RuleDigits},
		{"061211000012", kzid.RuleCentury},
		{"061211700012", kzid.RuleCentury},
		{"061211800012", kzid.RuleCentury},
		{"061211900012", kzid.RuleCentury},
		{"061311600012", kzid.RuleBirthDate}, // month 13
		{"060011600012", kzid.RuleBirthDate}, // month 00
		{"061200600012", kzid.RuleBirthDate}, // day 00
		{"061232600012", kzid.RuleBirthDate}, // 32 December
		{"060431600012", kzid.RuleBirthDate}, // 31 April
		{"060230600012", kzid.RuleBirthDate}, // 30 February
		{"900229400007", kzid.RuleBirthDate}, // 1990 is not a leap year
		{"000229300005", kzid.RuleBirthDate}, // 1900 is not a leap year
		{"000229400001", kzid.RuleBirthDate},
		{"940140000385", kzid.RuleCentury},   // a BIN: digit 7 is a serial digit
		{"940140300385", kzid.RuleBirthDate}, // day 40
		{"061211600013", kzid.RuleChecksum},
		{"061211600010", kzid.RuleChecksum},
		{"850115300002", kzid.RuleChecksum},
		{"991231400040", kzid.RuleChecksumUnusable},
		{"991231400049", kzid.RuleChecksumUnusable},
	}
	for _, tt := range tests {
		n, err := kzid.ParseIIN(tt.give)
		if got := ruleOf(err); got != tt.want || !n.IsZero() {
			t.Errorf("ParseIIN(%q) = %v, rule %v (%v); want zero IIN, rule %v", tt.give, n, got, err, tt.want)
		}
		if !errors.Is(err, kzid.ErrInvalid) {
			t.Errorf("ParseIIN(%q) error %v does not match ErrInvalid", tt.give, err)
		}
	}
}

func TestParseIINWithUnknownCentury(t *testing.T) {
	opts := &kzid.Options{AllowUnknownCentury: true}
	tests := []struct {
		give string
		want kzid.Rule
	}{
		{"800101000007", 0},
		{"800101700001", 0},
		{"800101900004", 0},
		{"240229000005", 0},                  // 29 February exists in 2024
		{"000229000000", kzid.RuleChecksum},  // date accepted (2000), check digit wrong
		{"010229000000", kzid.RuleBirthDate}, // no century has 29 February 01
		{"801301000007", kzid.RuleBirthDate},
		{"800101000008", kzid.RuleChecksum},
		{"061211600012", 0},                  // known centuries still work
		{"061311600012", kzid.RuleBirthDate}, // and keep their rules
		{"0612116000", kzid.RuleLength},      // as do the others
		{"061211600012x", kzid.RuleLength},   //
		{"06121160001x", kzid.RuleDigits},    //
		{"991231400040", kzid.RuleChecksumUnusable},
	}
	for _, tt := range tests {
		_, err := kzid.ParseIINWith(tt.give, opts)
		if got := ruleOf(err); got != tt.want {
			t.Errorf("ParseIINWith(%q, AllowUnknownCentury) rule = %v (%v); want %v", tt.give, got, err, tt.want)
		}
	}
}

func TestUnknownCenturyFacts(t *testing.T) {
	n, err := kzid.ParseIINWith("800101700001", &kzid.Options{AllowUnknownCentury: true})
	if err != nil {
		t.Fatal(err)
	}
	got := fmt.Sprintf("%t %d %v %d %s", n.BirthDate().IsZero(), n.Century(), n.Sex(), n.Serial(), n.Digits())
	if want := "true 0 Sex(0) 0 800101700001"; got != want {
		t.Errorf("facts of 800101700001 = %s; want %s", got, want)
	}
	// The defaults apply to decoding.
	var m kzid.IIN
	if err := m.UnmarshalText([]byte(n.Digits())); ruleOf(err) != kzid.RuleCentury {
		t.Errorf("UnmarshalText(%q) = %v; want rule century", n.Digits(), err)
	}
}

func TestParseIINWithNilIsParseIIN(t *testing.T) {
	for _, give := range []string{"061211600012", "800101000007", "061311600012"} {
		a, errA := kzid.ParseIIN(give)
		b, errB := kzid.ParseIINWith(give, nil)
		c, errC := kzid.ParseIINWith(give, &kzid.Options{})
		if a != b || a != c || ruleOf(errA) != ruleOf(errB) || ruleOf(errA) != ruleOf(errC) {
			t.Errorf("ParseIIN, ParseIINWith(nil), ParseIINWith(&Options{}) of %q differ: %v %v %v", give, errA, errB, errC)
		}
	}
}

func TestParseIINMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		// Mostly plausible numbers, so that every rule is reached.
		s := rapid.OneOf(
			rapid.Custom(func(t *rapid.T) string { return digitString(t, 12, "digits") }),
			rapid.Custom(func(t *rapid.T) string {
				d := genBirth().Draw(t, "birth").String()
				return d[2:4] + d[5:7] + d[8:10] + digitString(t, 6, "rest")
			}),
			rapid.Custom(func(t *rapid.T) string {
				n := genIIN().Draw(t, "iin").Digits()
				pos := rapid.IntRange(0, 11).Draw(t, "pos")
				return n[:pos] + digitString(t, 1, "digit") + n[pos+1:]
			}),
		).Draw(t, "s")
		_, err := kzid.ParseIIN(s)
		if got, want := ruleOf(err), oracleIIN(s); got != want {
			t.Fatalf("ParseIIN(%q) rule = %v (%v); want %v", s, got, err, want)
		}
	})
}

func TestNewIINRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		birth := genBirth().Draw(t, "birth")
		sex := rapid.SampledFrom([]kzid.Sex{kzid.Male, kzid.Female}).Draw(t, "sex")
		serial := rapid.IntRange(0, 9999).Draw(t, "serial")
		n, err := kzid.NewIIN(birth, sex, serial)
		if err != nil {
			// Only a missing check digit may stop NewIIN here.
			y, m, d := birth.Date()
			prefix := fmt.Sprintf("%02d%02d%02d%d%04d", y%100, m, d, 2*((y-1800)/100)+int(sex), serial)
			if ruleOf(err) != kzid.RuleChecksumUnusable || oracleCheck(prefix+"0") >= 0 {
				t.Fatalf("NewIIN(%v, %v, %d) error = %v; prefix %s has check digit %d", birth, sex, serial, err, prefix, oracleCheck(prefix+"0"))
			}
			return
		}
		p, err := kzid.ParseIIN(n.Digits())
		if err != nil || p != n {
			t.Fatalf("ParseIIN(%q) = %v, %v; want the IIN from NewIIN", n.Digits(), p, err)
		}
		if p.BirthDate() != birth || p.Sex() != sex || p.Serial() != serial || p.Century() != birth.Year()/100*100 {
			t.Fatalf("NewIIN(%v, %v, %d) reads back as %v, %v, %d, century %d", birth, sex, serial, p.BirthDate(), p.Sex(), p.Serial(), p.Century())
		}
	})
}

func TestNewIINInvalid(t *testing.T) {
	d := calendar.MustParseDate
	tests := []struct {
		birth  calendar.Date
		sex    kzid.Sex
		serial int
		want   kzid.Rule
	}{
		{calendar.Date{}, kzid.Male, 1, kzid.RuleBirthDate},
		{d("1799-12-31"), kzid.Male, 1, kzid.RuleCentury},
		{d("2100-01-01"), kzid.Female, 1, kzid.RuleCentury},
		{d("2006-12-11"), 0, 1, kzid.RuleSex},
		{d("2006-12-11"), 3, 1, kzid.RuleSex},
		{d("2006-12-11"), kzid.Female, -1, kzid.RuleSerial},
		{d("2006-12-11"), kzid.Female, 10000, kzid.RuleSerial},
		{d("1999-12-31"), kzid.Female, 4, kzid.RuleChecksumUnusable},
		{d("2006-12-11"), kzid.Female, 1, 0},
		{d("1800-01-01"), kzid.Male, 0, 0},
		{d("2099-12-31"), kzid.Female, 9999, 0},
	}
	for _, tt := range tests {
		_, err := kzid.NewIIN(tt.birth, tt.sex, tt.serial)
		if got := ruleOf(err); got != tt.want {
			t.Errorf("NewIIN(%v, %v, %d) rule = %v (%v); want %v", tt.birth, tt.sex, tt.serial, got, err, tt.want)
		}
	}
}

func TestZeroIIN(t *testing.T) {
	var n kzid.IIN
	b, err := n.MarshalText()
	v, verr := n.Value()
	got := fmt.Sprintf("%t %q %q %q %v %v %d %v %d %q %v %v %v", n.IsZero(), n.Digits(), n.String(), n.GoString(),
		n.BirthDate().IsZero(), n.Sex(), n.Century(), n.Serial(), len(b), n.LogValue().String(), err, v, verr)
	want := `true "" "" "kzid.IIN{}" true Sex(0) 0 0 0 "" <nil> <nil> <nil>`
	if got != want {
		t.Errorf("zero IIN = %s; want %s", got, want)
	}
}

func TestParseIINZeroAllocs(t *testing.T) {
	allocs := testing.AllocsPerRun(100, func() {
		if _, err := kzid.ParseIIN("061211600012"); err != nil {
			t.Fatal(err)
		}
		if _, err := kzid.ParseBIN("940140000385"); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 {
		t.Errorf("ParseIIN and ParseBIN allocate %v times per valid number; want 0", allocs)
	}
}
