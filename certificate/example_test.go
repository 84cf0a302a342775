package certificate_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/migreg/migreg/calendar"
	"github.com/migreg/migreg/certificate"
	"github.com/migreg/migreg/registration"
	"github.com/migreg/migreg/registration/kzid"
)

// confirmed returns a registration at a flat in Almaty, submitted by an
// Uzbek citizen on 3 July 2026 and confirmed by the host that evening.
func confirmed() registration.Registration {
	iin, _ := kzid.ParseIIN("061211600012")
	s := registration.Submission{
		ID: "r-1",
		Person: registration.Person{
			Surname: "KARIMOV", GivenNames: "AZIZ", BirthDate: calendar.MustParseDate("1990-04-12"),
			Sex: kzid.Male, Citizenship: "UZB",
			Document: registration.Document{Kind: registration.Passport, Number: "FA1234567",
				IssuingCountry: "UZB", Expiry: calendar.MustParseDate("2031-01-31")},
		},
		Host: registration.Host{Kind: registration.HostIndividual, Name: "Aigerim Bekova", IIN: iin,
			Contact: registration.Contact{Phone: "+77011234567"}},
		Address: registration.Address{Region: "Алматы", Street: "проспект Абая", Building: "10", Unit: "5"},
		Place:   registration.PrivateHome,
		Entry:   calendar.MustParseDate("2026-07-01"),
	}.WithIDs(registration.DemoPseudonyms()) // the published demo key: examples only
	r, _, _ := registration.Submit(s, registration.ForeignerActor(s.Foreigner), at("2026-07-03", 9), calendar.MustParseDate("2026-07-08"), calendar.Date{})
	r, _, _ = r.Confirm(registration.HostActor(r.HostID), calendar.MustParseDate("2026-07-30"), at("2026-07-03", 18))
	return r
}

// at returns an instant on a date in Kazakhstan time.
func at(date string, hour int) time.Time {
	return calendar.MustParseDate(date).In(calendar.KazakhstanZone()).Add(time.Duration(hour) * time.Hour)
}

// key returns a fixed key for the examples; a real issuer loads its key
// from a secret store.
func key(n byte) ed25519.PrivateKey {
	return ed25519.NewKeyFromSeed(bytes.Repeat([]byte{n}, ed25519.SeedSize))
}

// The Service issues a certificate when the host confirms; the foreigner
// shows its QR code, and a checker verifies it offline with the
// authority's public key.
func Example() {
	issuer, err := certificate.NewIssuer("2026-1", key(1))
	if err != nil {
		fmt.Println(err)
		return
	}
	c, err := issuer.Issue(confirmed(), at("2026-07-03", 18))
	if err != nil {
		fmt.Println(err)
		return
	}
	token, _ := c.Token()
	fmt.Println("number:", c.Number)
	fmt.Println("token:", token[:12]+"...", len(token), "characters")

	// The checker's side: the token from the QR code and the trusted keys.
	keys, _ := certificate.NewKeySet(map[string]ed25519.PublicKey{"2026-1": issuer.PublicKey()})
	v := certificate.Verifier{Keys: keys}
	got, err := v.Verify(context.Background(), token, calendar.MustParseDate("2026-07-15"))
	fmt.Println(got.Holder.Surname, got.Holder.DocumentNumber, "valid until", got.ValidUntil, err)

	_, err = v.Verify(context.Background(), token, calendar.MustParseDate("2026-08-01"))
	fmt.Println(errors.Is(err, certificate.ErrExpired), err)
	// Output:
	// number: KZ-RBEE-GAHF-5ASW
	// token: KZR2:HB0K98B... 247 characters
	// KARIMOV ******567 valid until 2026-07-30 <nil>
	// true certificate: expired: certificate KZ-RBEE-GAHF-5ASW was valid until 2026-07-30, checked on 2026-08-01
}

// A certificate rendered as text in Russian.
func ExampleRender() {
	issuer, _ := certificate.NewIssuer("2026-1", key(1))
	c, _ := issuer.Issue(confirmed(), at("2026-07-03", 18))
	if err := certificate.Render(os.Stdout, c, certificate.Russian, certificate.Text); err != nil {
		fmt.Println(err)
	}
	// Output:
	// Справка о регистрации
	// =====================
	//
	// Номер справки        KZ-RBEE-GAHF-5ASW
	// Фамилия, имя         KARIMOV AZIZ
	// Гражданство          UZB
	// Документ             паспорт ******567
	// Адрес                Алматы, проспект Абая, 10, 5
	// Вид жилья            жилой дом или квартира
	// Принимающая сторона  физическое лицо
	// Срок действия        03.07.2026 – 30.07.2026
	// Выдана               03.07.2026 18:00 (UTC+05:00)
	// Ключ подписи         2026-1
}

// A number typed by a person is read whatever the case and grouping; a
// typing mistake is caught by the check symbol.
func ExampleParseNumber() {
	n, err := certificate.ParseNumber("kz rbee gahf 5asw")
	fmt.Println(n, err)

	_, err = certificate.ParseNumber("KZ-RBEE-GAFH-5ASW") // two symbols swapped
	var ne *certificate.NumberError
	fmt.Println(errors.As(err, &ne), ne.Problem)
	// Output:
	// KZ-RBEE-GAHF-5ASW <nil>
	// true check_digit
}

// Verifiers trust the new key before the issuer switches to it, and drop
// the old one later; certificates signed by a dropped key no longer
// verify.
func ExampleKeySet_Without() {
	old, _ := certificate.NewIssuer("2026-1", key(1))
	next, _ := certificate.NewIssuer("2027-1", key(2))
	c, _ := old.Issue(confirmed(), at("2026-07-03", 18))
	token, _ := c.Token()
	on := calendar.MustParseDate("2026-07-10")

	var keys certificate.KeySet
	keys, _ = keys.With(old.KeyID(), old.PublicKey())
	keys, _ = keys.With(next.KeyID(), next.PublicKey())
	_, err := certificate.Verifier{Keys: keys}.Verify(context.Background(), token, on)
	fmt.Println(keys.IDs(), err)

	keys = keys.Without("2026-1")
	_, err = certificate.Verifier{Keys: keys}.Verify(context.Background(), token, on)
	fmt.Println(keys.IDs(), errors.Is(err, certificate.ErrUnknownKey))
	// Output:
	// [2026-1 2027-1] <nil>
	// [2027-1] true
}

// When the issuer switches keys, verifiers close the old key's period:
// what the old key signs later, as a stolen retired key would, does not
// verify.
func ExampleKeySet_WithPeriod() {
	old, _ := certificate.NewIssuer("2026-1", key(1))
	retired := at("2026-07-05", 0) // the issuer switched keys then
	keys, _ := (certificate.KeySet{}).WithPeriod(old.KeyID(), old.PublicKey(), certificate.KeyPeriod{Until: retired})
	v := certificate.Verifier{Keys: keys}
	on := calendar.MustParseDate("2026-07-10")

	before, _ := old.Issue(confirmed(), at("2026-07-03", 18))
	after, _ := old.Issue(confirmed(), at("2026-07-06", 9))
	for _, c := range []certificate.Certificate{before, after} {
		token, _ := c.Token()
		_, err := v.Verify(context.Background(), token, on)
		fmt.Println(c.IssuedAt.Format(time.DateOnly), errors.Is(err, certificate.ErrKeyOutOfPeriod))
	}
	// Output:
	// 2026-07-03 false
	// 2026-07-06 true
}

// The Service revokes the certificate of a registration that ends
// (superseded, ended, annulled) through a Revocations backed by its store,
// which finds the registration by the certificate's number: the token
// carries no registration ID.
func ExampleRevocations() {
	issuer, _ := certificate.NewIssuer("2026-1", key(1))
	r := confirmed()
	c, _ := issuer.Issue(r, at("2026-07-03", 18))
	token, _ := c.Token()

	// Later the foreigner moves and the old address is superseded.
	r, _, _ = r.Supersede("r-2", at("2026-07-12", 10))
	states := map[certificate.Number]registration.State{c.Number: r.State}
	rev := certificate.RevocationFunc(func(_ context.Context, c certificate.Certificate) (bool, error) {
		return certificate.Revokes(states[c.Number]), nil
	})

	keys, _ := (certificate.KeySet{}).With(issuer.KeyID(), issuer.PublicKey())
	_, err := certificate.Verifier{Keys: keys, Revocations: rev}.Verify(context.Background(), token, calendar.MustParseDate("2026-07-13"))
	fmt.Println(errors.Is(err, certificate.ErrRevoked), err)
	// Output:
	// true certificate: revoked: certificate KZ-RBEE-GAHF-5ASW, key 2026-1
}
