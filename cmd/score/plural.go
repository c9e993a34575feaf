package main

import "strconv"

// count is "1 error", "2 errors", "0 errors": n with the singular or the
// plural form of a word.
func count(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}
