package kzid_test

import (
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/migreg/migreg/registration/kzid"
	"pgregory.net/rapid"
)

var (
	entityTypes = []kzid.EntityType{kzid.ResidentLegalEntity, kzid.NonResidentLegalEntity, kzid.JointEntrepreneur}
	attributes  = []kzid.Attribute{kzid.HeadOffice, kzid.Branch, kzid.RepresentativeOffice, kzid.PeasantFarm}
)

// genBIN draws a valid BIN through NewBIN, skipping serials without a check
// digit.
func genBIN() *rapid.Generator[kzid.BIN] {
	return rapid.Custom(func(t *rapid.T) kzid.BIN {
		year := rapid.IntRange(1990, 2089).Draw(t, "year")
		month := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		typ := rapid.SampledFrom(entityTypes).Draw(t, "type")
		attr := rapid.SampledFrom(attributes).Draw(t, "attribute")
		for serial := rapid.IntRange(0, 99999).Draw(t, "serial"); ; serial = (serial + 1) % 100000 {
			if n, err := kzid.NewBIN(year, month, typ, attr, serial); err == nil {
				return n
			}
		}
	})
}

func TestParseBINValid(t *testing.T) {
	tests := []struct {
		give   string
		year   int
		month  time.Month
		typ    kzid.EntityType
		attr   kzid.Attribute
		serial int
	}{
		{"940140000385", 1994, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 38},  // published vector
		{"990140004654", 1999, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 465}, // published vector
		{"071250100002", 2007, time.December, kzid.NonResidentLegalEntity, kzid.HeadOffice, 10000},
		{"071251100008", 2007, time.December, kzid.NonResidentLegalEntity, kzid.Branch, 10000},
		{"231161200009", 2023, time.November, kzid.JointEntrepreneur, kzid.Branch, 20000}, // second pass
		{"231162000002", 2023, time.November, kzid.JointEntrepreneur, kzid.RepresentativeOffice, 0},
		{"150642000001", 2015, time.June, kzid.ResidentLegalEntity, kzid.RepresentativeOffice, 0},
		{"240143000008", 2024, time.January, kzid.ResidentLegalEntity, kzid.PeasantFarm, 0},
		{"051263000995", 2005, time.December, kzid.JointEntrepreneur, kzid.PeasantFarm, 99},
		{"000140000002", 2000, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 0},
		{"890140000016", 2089, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 1}, // pivot: 89 is 2089
		{"900140000010", 1990, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 1}, // pivot: 90 is 1990
		{" 940140000385\n", 1994, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 38},
	}
	for _, tt := range tests {
		n, err := kzid.ParseBIN(tt.give)
		if err != nil {
			t.Errorf("ParseBIN(%q) error = %v; want nil", tt.give, err)
			continue
		}
		got := fmt.Sprint(n.RegisteredYear(), n.RegisteredMonth(), n.EntityType(), n.Attribute(), n.Serial())
		want := fmt.Sprint(tt.year, tt.month, tt.typ, tt.attr, tt.serial)
		if got != want {
			t.Errorf("ParseBIN(%q) = year, month, type, attribute, serial %s; want %s", tt.give, got, want)
		}
	}
}

func TestParseBINInvalid(t *testing.T) {
	tests := []struct {
		give string
		want kzid.Rule
	}{
		{"", kzid.RuleLength},
		{"94014000038", kzid.RuleLength},
		{"9401400003851", kzid.RuleLength},
		{"9401 40000385", kzid.RuleLength},
		{"94014000038O", kzid.RuleDigits},
		{"-94014000038", kzid.RuleDigits},
		{"940040000385", kzid.RuleRegistrationMonth},
		{"941340000385", kzid.RuleRegistrationMonth},
		{"949940000385", kzid.RuleRegistrationMonth},
		{"940100000385", kzid.RuleEntityType},
		{"940130000385", kzid.RuleEntityType},
		{"940170000385", kzid.RuleEntityType},
		{"940190000385", kzid.RuleEntityType},
		{"061211600012", kzid.RuleEntityType}, // an IIN: digit 5 is a day digit
		{"940144000385", kzid.RuleAttribute},
		{"940149000385", kzid.RuleAttribute},
		{"940140000384", kzid.RuleChecksum},
		{"940140000386", kzid.RuleChecksum},
		{"990140004650", kzid.RuleChecksum},
		{"120340000570", kzid.RuleChecksumUnusable},
		{"231161200065", kzid.RuleChecksumUnusable},
	}
	for _, tt := range tests {
		n, err := kzid.ParseBIN(tt.give)
		if got := ruleOf(err); got != tt.want || !n.IsZero() {
			t.Errorf("ParseBIN(%q) = %v, rule %v (%v); want zero BIN, rule %v", tt.give, n, got, err, tt.want)
		}
		var e *kzid.Error
		if !errors.As(err, &e) || e.Kind != kzid.KindBIN || !errors.Is(err, kzid.ErrInvalid) {
			t.Errorf("ParseBIN(%q) error = %#v; want an *Error of kind BIN matching ErrInvalid", tt.give, err)
		}
	}
}

func TestParseBINMatchesOracle(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := rapid.OneOf(
			rapid.Custom(func(t *rapid.T) string { return digitString(t, 12, "digits") }),
			rapid.Custom(func(t *rapid.T) string {
				return fmt.Sprintf("%02d%02d", rapid.IntRange(0, 99).Draw(t, "yy"), rapid.IntRange(0, 13).Draw(t, "mm")) +
					string('3'+byte(rapid.IntRange(0, 4).Draw(t, "type"))) +
					string('0'+byte(rapid.IntRange(0, 4).Draw(t, "attr"))) +
					digitString(t, 6, "rest")
			}),
			rapid.Custom(func(t *rapid.T) string {
				n := genBIN().Draw(t, "bin").Digits()
				pos := rapid.IntRange(0, 11).Draw(t, "pos")
				return n[:pos] + digitString(t, 1, "digit") + n[pos+1:]
			}),
		).Draw(t, "s")
		_, err := kzid.ParseBIN(s)
		if got, want := ruleOf(err), oracleBIN(s); got != want {
			t.Fatalf("ParseBIN(%q) rule = %v (%v); want %v", s, got, err, want)
		}
	})
}

func TestNewBINRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		year := rapid.IntRange(1990, 2089).Draw(t, "year")
		month := time.Month(rapid.IntRange(1, 12).Draw(t, "month"))
		typ := rapid.SampledFrom(entityTypes).Draw(t, "type")
		attr := rapid.SampledFrom(attributes).Draw(t, "attribute")
		serial := rapid.IntRange(0, 99999).Draw(t, "serial")
		n, err := kzid.NewBIN(year, month, typ, attr, serial)
		if err != nil {
			prefix := fmt.Sprintf("%02d%02d%d%d%05d", year%100, month, int(typ)+3, int(attr)-1, serial)
			if ruleOf(err) != kzid.RuleChecksumUnusable || oracleCheck(prefix+"0") >= 0 {
				t.Fatalf("NewBIN(%d, %v, %v, %v, %d) error = %v; prefix %s has check digit %d", year, month, typ, attr, serial, err, prefix, oracleCheck(prefix+"0"))
			}
			return
		}
		p, err := kzid.ParseBIN(n.Digits())
		if err != nil || p != n {
			t.Fatalf("ParseBIN(%q) = %v, %v; want the BIN from NewBIN", n.Digits(), p, err)
		}
		if p.RegisteredYear() != year || p.RegisteredMonth() != month || p.EntityType() != typ || p.Attribute() != attr || p.Serial() != serial {
			t.Fatalf("NewBIN(%d, %v, %v, %v, %d) reads back as %d, %v, %v, %v, %d", year, month, typ, attr, serial,
				p.RegisteredYear(), p.RegisteredMonth(), p.EntityType(), p.Attribute(), p.Serial())
		}
	})
}

func TestNewBINInvalid(t *testing.T) {
	tests := []struct {
		year   int
		month  time.Month
		typ    kzid.EntityType
		attr   kzid.Attribute
		serial int
		want   kzid.Rule
	}{
		{1989, time.December, kzid.ResidentLegalEntity, kzid.HeadOffice, 1, kzid.RuleRegistrationYear},
		{2090, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 1, kzid.RuleRegistrationYear},
		{2024, 0, kzid.ResidentLegalEntity, kzid.HeadOffice, 1, kzid.RuleRegistrationMonth},
		{2024, 13, kzid.ResidentLegalEntity, kzid.HeadOffice, 1, kzid.RuleRegistrationMonth},
		{2024, time.May, 0, kzid.HeadOffice, 1, kzid.RuleEntityType},
		{2024, time.May, 4, kzid.HeadOffice, 1, kzid.RuleEntityType},
		{2024, time.May, kzid.JointEntrepreneur, 0, 1, kzid.RuleAttribute},
		{2024, time.May, kzid.JointEntrepreneur, 5, 1, kzid.RuleAttribute},
		{2024, time.May, kzid.JointEntrepreneur, kzid.Branch, -1, kzid.RuleSerial},
		{2024, time.May, kzid.JointEntrepreneur, kzid.Branch, 100000, kzid.RuleSerial},
		{2012, time.March, kzid.ResidentLegalEntity, kzid.HeadOffice, 57, kzid.RuleChecksumUnusable},
		{1990, time.January, kzid.ResidentLegalEntity, kzid.HeadOffice, 0, 0},
		{2089, time.December, kzid.JointEntrepreneur, kzid.PeasantFarm, 99999, 0},
	}
	for _, tt := range tests {
		_, err := kzid.NewBIN(tt.year, tt.month, tt.typ, tt.attr, tt.serial)
		if got := ruleOf(err); got != tt.want {
			t.Errorf("NewBIN(%d, %v, %v, %v, %d) rule = %v (%v); want %v", tt.year, tt.month, tt.typ, tt.attr, tt.serial, got, err, tt.want)
		}
	}
}

func TestZeroBIN(t *testing.T) {
	var n kzid.BIN
	b, err := n.MarshalText()
	v, verr := n.Value()
	got := fmt.Sprintf("%t %q %q %q %d %d %d %d %d %d %q %v %v %v", n.IsZero(), n.Digits(), n.String(), n.GoString(),
		n.RegisteredYear(), n.RegisteredMonth(), n.EntityType(), n.Attribute(), n.Serial(), len(b), n.LogValue().String(), err, v, verr)
	want := `true "" "" "kzid.BIN{}" 0 0 0 0 0 0 "" <nil> <nil> <nil>`
	if got != want {
		t.Errorf("zero BIN = %s; want %s", got, want)
	}
}
