module github.com/migreg/migreg

go 1.26.0

require (
	github.com/boombuler/barcode v1.1.0
	github.com/google/btree v1.1.3
	github.com/google/go-cmp v0.7.0
	github.com/rickar/cal/v2 v2.1.13
	github.com/shopspring/decimal v1.6.0
	golang.org/x/text v0.44.0
	pgregory.net/rapid v1.3.0
)
