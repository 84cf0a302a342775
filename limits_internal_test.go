package migreg

import (
	"errors"
	"fmt"
	"testing"

	"github.com/migreg/migreg/registration"
)

// TestRegistrationLimit: a foreigner with MaxRegistrationsPerForeigner-1
// registrations may file one more, and no further (checked on the dossier
// Submit reads, so that the test needs no thousands of submissions).
func TestRegistrationLimit(t *testing.T) {
	dossierOf := func(n int) registration.Dossier {
		d := registration.Dossier{Foreigner: "f"}
		for i := range n {
			d.Registrations = append(d.Registrations, registration.Registration{ID: registration.ID(fmt.Sprint("r", i)), Foreigner: "f", State: registration.Withdrawn})
		}
		return d
	}
	if err := checkDossier(dossierOf(MaxRegistrationsPerForeigner - 1)); err != nil {
		t.Errorf("%d registrations: %v; want room for one more", MaxRegistrationsPerForeigner-1, err)
	}
	var le *registration.LimitError
	if err := checkDossier(dossierOf(MaxRegistrationsPerForeigner)); !errors.As(err, &le) || le.Limit != "registrations_per_foreigner" {
		t.Errorf("%d registrations: %v; want registrations_per_foreigner", MaxRegistrationsPerForeigner, err)
	}
}
