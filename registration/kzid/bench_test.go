package kzid_test

import (
	"regexp"
	"testing"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/kzid"
)

var (
	sinkIIN  kzid.IIN
	sinkBIN  kzid.BIN
	sinkErr  error
	sinkStr  string
	sinkDate calendar.Date
	sinkBool bool
)

// naiveValidIIN is the baseline: an IIN check as it is often written, with
// a regular expression, a time.Parse of the date and the two passes.
var naiveIINPattern = regexp.MustCompile(`^\d{6}[1-6]\d{5}$`)

func naiveValidIIN(s string) bool {
	if !naiveIINPattern.MatchString(s) {
		return false
	}
	century := map[byte]string{'1': "18", '2': "18", '3': "19", '4': "19", '5': "20", '6': "20"}[s[6]]
	if _, err := time.Parse("20060102", century+s[:6]); err != nil {
		return false
	}
	return oracleCheck(s) == int(s[11]-'0')
}

func BenchmarkParseIIN(b *testing.B) {
	b.Run("valid", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkIIN, sinkErr = kzid.ParseIIN("061211600012")
		}
	})
	b.Run("checksum_error", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkIIN, sinkErr = kzid.ParseIIN("061211600013")
		}
	})
	b.Run("baseline_naive", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBool = naiveValidIIN("061211600012")
		}
	})
}

func BenchmarkParseBIN(b *testing.B) {
	b.Run("valid", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBIN, sinkErr = kzid.ParseBIN("940140000385")
		}
	})
	b.Run("checksum_error", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkBIN, sinkErr = kzid.ParseBIN("940140000386")
		}
	})
}

func BenchmarkIIN(b *testing.B) {
	n := mustIIN(b, "061211600012")
	b.Run("String", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr = n.String()
		}
	})
	b.Run("Digits", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkStr = n.Digits()
		}
	})
	b.Run("BirthDate", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			sinkDate = n.BirthDate()
		}
	})
}
