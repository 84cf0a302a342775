// Package registrationtest holds [pgregory.net/rapid] generators of valid
// domain values for property tests: persons, IINs and BINs, hosts,
// hotels ([Hotel]), families ([Family]), addresses, trips and
// submissions.
//
// The kit that builds and drives a Service (a fake clock that counts
// working days, a Service constructor for rapid.Check bodies, typed
// actors, step generators and a runner that compares the Service with
// your own system) is package github.com/migreg/migreg/migregtest, beside
// the root package, as net/http/httptest sits beside net/http: it builds
// a Service, so it does not live under the domain package it imports from
// above. Its NewService, Clock, Inbox, Issuer, Key and Sequence replace
// the ones this package had.
//
// Everything here is deterministic given rapid's seed: no wall clock, no
// global randomness.
package registrationtest
