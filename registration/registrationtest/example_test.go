package registrationtest_test

import (
	"fmt"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/registration/registrationtest"
)

// The generators draw valid domain values: a property draws many with
// rapid; Example shows one of each.
func ExampleFamily() {
	arrival := calendar.MustParseDate("2026-07-10")
	family := registrationtest.Family(arrival).Example(1)
	fmt.Println(len(family.Parents) >= 1, len(family.Children) >= 1)
	for _, p := range family.Members() {
		fmt.Println(p.Validate(arrival) == nil, p.Surname == family.Parents[0].Surname)
		break
	}
	hotel := registrationtest.Hotel().Example(2)
	fmt.Println(hotel.Kind, hotel.Validate() == nil, registrationtest.PlaceFor(hotel))
	// Output:
	// true true
	// true true
	// hotel true hotel
}
