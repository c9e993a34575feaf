module example.com/discovery/search

go 1.26.0
