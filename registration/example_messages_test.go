package registration_test

import (
	"fmt"
	"time"

	"golang.org/x/text/language"

	"github.com/migreg/migreg/registration"
)

// The domain returns codes; a Messages renders them for the reader. A
// validation error lists every problem, each as a field label and the
// code's text.
func ExampleMessages_Error() {
	msgs := registration.NewMessages()
	err := &registration.ValidationError{Problems: []registration.Problem{
		{Path: "person.document.expiry", Code: registration.CodeExpiredBeforeEntry},
		{Path: "address.street", Code: registration.CodeRequired},
	}}
	ru := msgs.Match("ru-KZ,ru;q=0.9,en;q=0.8")
	fmt.Println(msgs.Error(ru, err))
	fmt.Println(msgs.Error(language.English, err))
	// Output:
	// Срок действия документа: истёк до даты въезда; Улица: не заполнено
	// Document expiry date: expired before the entry date; Street: required
}

func ExampleMessages_State() {
	msgs := registration.NewMessages()
	kk := msgs.Match("kk-KZ")
	for _, s := range []registration.State{registration.Pending, registration.Confirmed, registration.Annulled} {
		fmt.Printf("%s: %s\n", s, msgs.State(kk, s))
	}
	// Output:
	// pending: Растауды күтуде
	// confirmed: Расталды
	// annulled: Күші жойылды
}

// Match picks one of the four supported languages for an Accept-Language
// header or a tag; English is the fallback.
func ExampleMessages_Match() {
	msgs := registration.NewMessages()
	for _, accept := range []string{"fr-FR,fr;q=0.9", "ru-KZ", "kk", "uz-Latn-UZ", "uz-Cyrl", "ky-KG", "de, kk;q=0.5"} {
		fmt.Printf("%-16q %v\n", accept, msgs.Match(accept))
	}
	// Output:
	// "fr-FR,fr;q=0.9" en
	// "ru-KZ"          ru
	// "kk"             kk
	// "uz-Latn-UZ"     uz-Latn
	// "uz-Cyrl"        uz-Latn
	// "ky-KG"          ru
	// "de, kk;q=0.5"   kk
}

// A transition the state does not allow, in Uzbek.
func ExampleMessages_Error_transition() {
	msgs := registration.NewMessages()
	r := registration.Registration{ID: "r-1", State: registration.Withdrawn}
	_, _, err := r.Apply(registration.System(), registration.Lapse{}, time.Date(2026, time.July, 20, 9, 0, 0, 0, time.UTC))
	fmt.Println(msgs.Error(msgs.Match("uz"), err))
	// Output:
	// “Qaytarib olingan” holatidagi roʻyxatga olish uchun “Javobsiz yopish” amalini bajarib boʻlmaydi
}
