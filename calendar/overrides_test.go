package calendar

import (
	"errors"
	"testing"
)

func TestConfirmed(t *testing.T) {
	c := Kazakhstan()
	for y := 2000; y <= 2030; y++ {
		want := y >= 2016 && y <= 2026
		if got := c.Confirmed(y); got != want {
			t.Errorf("Confirmed(%d) = %v; want %v", y, got, want)
		}
	}
}

func TestWithKurbanAit(t *testing.T) {
	c := Kazakhstan()
	c2, err := c.WithKurbanAit(MustParseDate("2027-05-17"), "ДУМК 2027 calendar")
	if err != nil {
		t.Fatalf("WithKurbanAit(2027-05-17) = %v", err)
	}
	if c2.IsWorkingDay(MustParseDate("2027-05-17")) {
		t.Error("after WithKurbanAit(2027-05-17): IsWorkingDay(2027-05-17) = true; want false")
	}
	if got := c2.Explain(MustParseDate("2027-05-16")); got != "day off: Sunday" {
		t.Errorf("after WithKurbanAit(2027-05-17): Explain(2027-05-16) = %q; want the estimate gone", got)
	}
	if !c.IsWorkingDay(MustParseDate("2027-05-17")) {
		t.Error("WithKurbanAit changed the receiver")
	}
	if c2.Confirmed(2027) {
		t.Error("Confirmed(2027) = true with no transfer order for 2027")
	}
	c3, err := c2.WithTransferOrder(TransferOrder{Year: 2027, Act: "none"})
	if err != nil {
		t.Fatalf("WithTransferOrder(empty 2027) = %v", err)
	}
	if !c3.Confirmed(2027) {
		t.Error("Confirmed(2027) = false after Kurban Ait and an empty order")
	}

	bad := []struct {
		give string
		want error
	}{
		{"2026-05-27", ErrDuplicate},
		{"2026-05-26", ErrContradiction},
		{"2005-01-21", ErrContradiction},
		{"2027-05-18", ErrContradiction}, // 2027 is now published as 17 May
	}
	for _, tt := range bad {
		_, err := c2.WithKurbanAit(MustParseDate(tt.give), "test")
		var ae *AdditionError
		if !errors.Is(err, tt.want) || !errors.As(err, &ae) {
			t.Errorf("WithKurbanAit(%s) = %v; want an *AdditionError matching %v", tt.give, err, tt.want)
		}
	}
	if _, err := c.WithKurbanAit(Date{}, ""); !errors.Is(err, ErrContradiction) {
		t.Errorf("WithKurbanAit(zero) = %v; want ErrContradiction", err)
	}
}

func TestWithTransferOrder(t *testing.T) {
	c := Kazakhstan()
	tr := func(off, work string) Transfer {
		return Transfer{DayOff: MustParseDate(off), WorkingDay: MustParseDate(work)}
	}
	// A plausible 2027 order: Friday 7 May joins the weekend, Saturday
	// 15 May is worked instead... except 7 May is a holiday; use Tuesday
	// 4 May and Saturday 8 May.
	c2, err := c.WithTransferOrder(TransferOrder{Year: 2027, Act: "test order", Transfers: []Transfer{tr("2027-05-04", "2027-05-08")}})
	if err != nil {
		t.Fatalf("WithTransferOrder = %v", err)
	}
	if c2.IsWorkingDay(MustParseDate("2027-05-04")) || !c2.IsWorkingDay(MustParseDate("2027-05-08")) {
		t.Error("the transfer was not applied")
	}
	if !c.IsWorkingDay(MustParseDate("2027-05-04")) {
		t.Error("WithTransferOrder changed the receiver")
	}
	if got, want := c2.WorkingDaysBetween(MustParseDate("2026-12-31"), MustParseDate("2027-12-31")), workingDaysPerYear[2027]; got != want {
		t.Errorf("working days in 2027 after a swap = %d; want %d", got, want)
	}

	bad := []struct {
		name string
		give TransferOrder
		want error
	}{
		{"duplicate", TransferOrder{Year: 2024, Transfers: []Transfer{tr("2024-05-08", "2024-05-04")}}, ErrDuplicate},
		{"onto a holiday", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-05-07", "2026-05-09")}}, ErrContradiction},
		{"onto a weekend", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-05-16", "2026-05-17")}}, ErrContradiction},
		{"onto a substitute", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-05-11", "2026-05-16")}}, ErrContradiction},
		{"working day already working", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-05-12", "2026-05-13")}}, ErrContradiction},
		{"holiday made working", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-05-12", "2026-05-09")}}, ErrContradiction},
		{"same day twice", TransferOrder{Year: 2026, Transfers: []Transfer{tr("2026-06-01", "2026-05-30"), tr("2026-06-02", "2026-05-30")}}, ErrContradiction},
		{"wrong year", TransferOrder{Year: 2027, Transfers: []Transfer{tr("2026-06-01", "2026-05-30")}}, ErrContradiction},
		{"zero date", TransferOrder{Year: 2026, Transfers: []Transfer{{}}}, ErrContradiction},
		{"year out of range", TransferOrder{Year: 0}, ErrContradiction},
	}
	for _, tt := range bad {
		_, err := c.WithTransferOrder(tt.give)
		var ae *AdditionError
		if !errors.Is(err, tt.want) || !errors.As(err, &ae) {
			t.Errorf("WithTransferOrder(%s: %+v) = %v; want an *AdditionError matching %v", tt.name, tt.give, err, tt.want)
		}
	}
}

func TestWithTransferOrderBeyondTable(t *testing.T) {
	c, err := Kazakhstan().WithTransferOrder(TransferOrder{Year: 2150, Act: "far future",
		Transfers: []Transfer{{DayOff: MustParseDate("2150-06-05"), WorkingDay: MustParseDate("2150-06-06")}}})
	if err != nil {
		t.Fatal(err)
	}
	if c.IsWorkingDay(MustParseDate("2150-06-05")) || !c.IsWorkingDay(MustParseDate("2150-06-06")) {
		t.Errorf("a transfer in 2150 was not applied: 5 Jun working = %v, 6 Jun working = %v",
			c.IsWorkingDay(MustParseDate("2150-06-05")), c.IsWorkingDay(MustParseDate("2150-06-06")))
	}
}
