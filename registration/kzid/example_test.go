package kzid_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/kzid"
)

func ExampleParseIIN() {
	n, err := kzid.ParseIIN("061211600012")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.BirthDate(), n.Century(), n.Sex(), n.Serial())
	// Output: 2006-12-11 2000 female 1
}

func ExampleParseIIN_errors() {
	for _, s := range []string{"061211600013", "061311600012", "06121160001"} {
		_, err := kzid.ParseIIN(s)
		var e *kzid.Error
		if errors.As(err, &e) {
			fmt.Printf("%s: %v\n", e.Rule, err)
		}
	}
	// Output:
	// checksum: kzid: invalid IIN "********0013": check digit does not match
	// birth_date: kzid: invalid IIN "********0012": date of birth is not a real date
	// length: kzid: invalid IIN "*******0001": want 12 digits
}

// An IIN prints masked everywhere except where the full number is the
// point: Digits, and the text encoding used for storage.
func ExampleIIN_String() {
	n, _ := kzid.ParseIIN("061211600012")
	fmt.Println(n)
	fmt.Printf("%v %+v %q %#v\n", n, n, n, n)

	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey {
				return slog.Attr{} // keep the output stable
			}
			return a
		},
	}))
	logger.Info("host checked", "iin", n)

	fmt.Println(n.Digits())
	j, _ := json.Marshal(struct{ IIN kzid.IIN }{n})
	fmt.Println(string(j))
	// Output:
	// ********0012
	// ********0012 ********0012 "********0012" kzid.IIN("********0012")
	// level=INFO msg="host checked" iin=********0012
	// 061211600012
	// {"IIN":"061211600012"}
}

func ExampleParseIINWith() {
	// Digit 7 = 0 is not assigned in any confirmed source.
	_, err := kzid.ParseIIN("800101000007")
	fmt.Println(err)

	n, err := kzid.ParseIINWith("800101000007", &kzid.Options{AllowUnknownCentury: true})
	fmt.Println(err, n.Century(), n.BirthDate().IsZero())
	// Output:
	// kzid: invalid IIN "********0007": no century and sex digit 1-6 (births 1800-2099)
	// <nil> 0 true
}

func ExampleParseBIN() {
	n, err := kzid.ParseBIN("940140000385")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(n.RegisteredYear(), n.RegisteredMonth(), n.EntityType(), n.Attribute())
	// Output: 1994 January resident_legal_entity head_office
}

func ExampleCheckDigit() {
	fmt.Println(kzid.CheckDigit("94014000038")) // first pass
	fmt.Println(kzid.CheckDigit("06121160001")) // the first pass gives 10, the second decides
	fmt.Println(kzid.CheckDigit("99123140004")) // both passes give 10: never issued
	// Output:
	// 5 true
	// 2 true
	// 0 false
}

// A test generator draws digits and lets NewIIN compute the check digit,
// moving to the next serial when there is none.
func ExampleNewIIN() {
	birth := calendar.NewDate(1999, time.December, 31)
	for serial := 4; serial < 10; serial++ {
		n, err := kzid.NewIIN(birth, kzid.Female, serial)
		var e *kzid.Error
		if errors.As(err, &e) && e.Rule == kzid.RuleChecksumUnusable {
			fmt.Println("serial", serial, "has no check digit")
			continue
		}
		fmt.Println(n.Digits(), err)
		break
	}
	// Output:
	// serial 4 has no check digit
	// 991231400051 <nil>
}

func ExampleNewBIN() {
	n, err := kzid.NewBIN(2024, time.January, kzid.ResidentLegalEntity, kzid.PeasantFarm, 0)
	fmt.Println(n.Digits(), err)
	// Output: 240143000008 <nil>
}
