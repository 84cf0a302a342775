module github.com/migreg/migreg

go 1.26.0
