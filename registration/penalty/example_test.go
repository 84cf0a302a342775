package penalty_test

import (
	"errors"
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/penalty"
	"github.com/shopspring/decimal"
)

// A foreigner left 4 days late in July 2026: art. 517 part 3, "more than
// 3, up to 5 days", 10 MRP at the 2026 MRP.
func ExampleCatalogue_Assess() {
	c := penalty.DefaultCatalogue()
	a, err := c.Assess(penalty.Query{
		Offence:  penalty.Overstay,
		Offender: penalty.Foreigner,
		Days:     4,
		On:       calendar.MustParseDate("2026-07-10"),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a)
	fmt.Println(penalty.FormatTenge(a.Amount), "=", a.Rule.Sanction.FineMRP, "×", a.MRP.Amount)
	// Output:
	// 10 MRP = 43 250 ₸ (art. 517 part 3, medium)
	// 43 250 ₸ = 10 × 4325
}

// A host organisation by size: art. 518 part 1.
func ExampleCatalogue_Assess_host() {
	c := penalty.DefaultCatalogue()
	for _, size := range []penalty.BusinessSize{penalty.SmallBusiness, penalty.MediumBusiness, penalty.LargeBusiness} {
		a, err := c.Assess(penalty.Query{
			Offence:  penalty.HostLateNotification,
			Offender: penalty.HostEntity,
			Size:     size,
			On:       calendar.MustParseDate("2025-11-03"),
		})
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%-6s %s\n", size, a)
	}
	// Output:
	// small  10 MRP = 39 320 ₸ (art. 518 part 1, medium)
	// medium 15 MRP = 58 980 ₸ (art. 518 part 1, medium)
	// large  20 MRP = 78 640 ₸ (art. 518 part 1, medium)
}

// An overstay of 6 days falls in a tier the sources did not confirm: the
// error still names the article.
func ExampleUnconfirmedError() {
	q := penalty.Query{
		Offence:  penalty.Overstay,
		Offender: penalty.Foreigner,
		Days:     6,
		On:       calendar.MustParseDate("2026-07-10"),
	}
	_, err := penalty.DefaultCatalogue().Assess(q)
	var ue *penalty.UnconfirmedError
	if errors.As(err, &ue) {
		fmt.Println(errors.Is(err, penalty.ErrUnconfirmed))
		fmt.Println(ue.Rule.Citation, "|", ue.Rule.Tier)
		fmt.Println(ue.Rule.Note)
	}
	// Output:
	// true
	// art. 517 part 3 | more than 5, up to 10 days
	// the source is truncated after the 5-day tier; a 2018-19 MVD proposal (dos-immigration.kz) is not used
}

// A caller who knows the 6-to-10-day figure supplies it; the default
// catalogue is unchanged.
func ExampleCatalogue_Override() {
	c, err := penalty.DefaultCatalogue().Override(penalty.Rule{
		Offence:    penalty.Overstay,
		Offender:   penalty.Foreigner,
		Tier:       penalty.Tier{MinDays: 5, MaxDays: 10},
		From:       calendar.MustParseDate("2023-01-01"),
		Citation:   penalty.Citation{Article: 517, Part: 3},
		Sanction:   penalty.Sanction{FineMRP: 20},
		Confidence: penalty.LowConfidence,
		Source:     "legal opinion of 2026-06-01",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := c.Assess(penalty.Query{
		Offence:  penalty.Overstay,
		Offender: penalty.Foreigner,
		Days:     6,
		On:       calendar.MustParseDate("2026-07-10"),
	})
	fmt.Println(a, err)
	// Output:
	// 20 MRP = 86 500 ₸ (art. 517 part 3, low) <nil>
}

// 2027 is not in the table: pricing a fine in it is an error until the
// caller adds the year.
func ExampleCatalogue_WithMRP() {
	q := penalty.Query{
		Offence:  penalty.Overstay,
		Offender: penalty.Foreigner,
		Days:     5,
		On:       calendar.MustParseDate("2027-02-01"),
	}
	c := penalty.DefaultCatalogue()
	_, err := c.Assess(q)
	fmt.Println(err)

	c, err = c.WithMRP(penalty.MRP{
		Year:       2027,
		Amount:     decimal.NewFromInt(4500), // an illustrative figure
		Confidence: penalty.LowConfidence,
		Source:     "caller",
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := c.Assess(q)
	fmt.Println(a, err)
	// Output:
	// penalty: unknown MRP year 2027
	// 10 MRP = 45 000 ₸ (art. 517 part 3, low) <nil>
}

// The host was fined on 15 Apr 2025; a new late notification whose first
// day in breach is 2 Mar 2026 is a repeat offence.
func ExamplePolicy_Repeat() {
	var p penalty.Policy // the defaults: a 365-day window
	on := calendar.MustParseDate("2026-03-02")
	earlier := []calendar.Date{calendar.MustParseDate("2024-01-10"), calendar.MustParseDate("2025-04-15")}
	penaltyDate, repeat := p.Repeat(on, earlier)
	fmt.Println(repeat, penaltyDate)

	a, err := penalty.DefaultCatalogue().Assess(penalty.Query{
		Offence:  penalty.HostLateNotification,
		Offender: penalty.HostIndividual,
		Repeat:   repeat,
		On:       on,
	})
	fmt.Println(a, err)
	// Output:
	// true 2025-04-15
	// 30 MRP = 129 750 ₸ (art. 518, low) <nil>
}

func ExampleFormatTenge() {
	fmt.Println(penalty.FormatTenge(decimal.NewFromInt(432500)))
	// Output:
	// 432 500 ₸
}
