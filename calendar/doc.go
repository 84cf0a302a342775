// Package calendar owns legal days in Kazakhstan: the civil [Date], the
// conversion of instants to dates in Kazakhstan time ([DateOf]), and the
// official working-day calendar of the five-day week.
package calendar
