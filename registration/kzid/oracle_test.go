package kzid_test

import (
	"errors"
	"strconv"
	"time"

	"github.com/migreg/migreg/registration/kzid"
)

// This file holds the reference oracles: deliberately plain restatements of
// docs/legal.md Part B §5, written without looking at how the package does it.

// oracleCheck computes the check digit of the first eleven digits of s, or
// -1 if both passes give 10.
func oracleCheck(s string) int {
	passes := [][]int{
		{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
		{3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2},
	}
	for _, w := range passes {
		sum := 0
		for i := 0; i < 11; i++ {
			sum += int(s[i]-'0') * w[i]
		}
		if sum%11 < 10 {
			return sum % 11
		}
	}
	return -1
}

// oracleFirstPass returns the first-pass remainder of s's first eleven
// digits.
func oracleFirstPass(s string) int {
	sum := 0
	for i := 0; i < 11; i++ {
		sum += int(s[i]-'0') * (i + 1)
	}
	return sum % 11
}

func num(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

// realDate reports whether year-month-day exists, using the time package.
func realDate(year, month, day int) bool {
	t := time.Date(year, time.Month(month), day, 0, 0, 0, 0, time.UTC)
	return t.Year() == year && int(t.Month()) == month && t.Day() == day
}

func checkRule(s string) kzid.Rule {
	switch c := oracleCheck(s); {
	case c < 0:
		return kzid.RuleChecksumUnusable
	case c != int(s[11]-'0'):
		return kzid.RuleChecksum
	}
	return 0
}

// oracleIIN returns the rule a twelve-digit string breaks as an IIN under
// the default options, or 0 if it is valid.
func oracleIIN(s string) kzid.Rule {
	centuries := map[byte]int{'1': 1800, '2': 1800, '3': 1900, '4': 1900, '5': 2000, '6': 2000}
	century, ok := centuries[s[6]]
	if !ok {
		return kzid.RuleCentury
	}
	if !realDate(century+num(s[0:2]), num(s[2:4]), num(s[4:6])) {
		return kzid.RuleBirthDate
	}
	return checkRule(s)
}

// oracleBIN returns the rule a twelve-digit string breaks as a BIN, or 0.
func oracleBIN(s string) kzid.Rule {
	if m := num(s[2:4]); m < 1 || m > 12 {
		return kzid.RuleRegistrationMonth
	}
	if s[4] != '4' && s[4] != '5' && s[4] != '6' {
		return kzid.RuleEntityType
	}
	if s[5] != '0' && s[5] != '1' && s[5] != '2' && s[5] != '3' {
		return kzid.RuleAttribute
	}
	return checkRule(s)
}

// ruleOf returns the Rule of an *Error, 0 for nil, and 255 for any other
// error so that a test comparing rules fails.
func ruleOf(err error) kzid.Rule {
	if err == nil {
		return 0
	}
	var e *kzid.Error
	if !errors.As(err, &e) {
		return 255
	}
	return e.Rule
}
