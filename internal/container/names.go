package container

import (
	"math/rand/v2"
	"strconv"
)

// Word lists for generated names: adjectives and people from the history of
// operating systems and computing (tent's own lists).
var adjectives = [...]string{
	"agile", "amazing", "brave", "bright", "busy", "calm", "clever", "cool",
	"crisp", "curious", "daring", "eager", "elastic", "epic", "fair", "fearless",
	"festive", "focused", "friendly", "gallant", "gentle", "happy", "hardy", "honest",
	"humble", "jolly", "keen", "kind", "lively", "loyal", "lucid", "merry",
	"modest", "nifty", "nimble", "noble", "patient", "plucky", "polite", "proud",
	"quick", "quiet", "rapid", "relaxed", "serene", "sharp", "sleek", "smart",
	"snappy", "steady", "sturdy", "swift", "tender", "tidy", "trusty", "upbeat",
	"vivid", "warm", "wise", "witty", "zealous", "zen",
}

var nouns = [...]string{
	"allen", "babbage", "backus", "bell", "bosack", "cerf", "codd", "conway",
	"corbato", "cray", "dijkstra", "engelbart", "floyd", "gray", "hamilton", "hopper",
	"kahn", "kay", "kernighan", "knuth", "lamport", "liskov", "lovelace", "mccarthy",
	"mcilroy", "metcalfe", "minsky", "moore", "naur", "noyce", "ossanna", "perlman",
	"pike", "postel", "ritchie", "saltzer", "shannon", "sutherland", "tanenbaum", "thompson",
	"torvalds", "turing", "vonneumann", "wheeler", "wilkes", "wirth", "wozniak", "zuse",
}

// RandomName returns a Docker-like "adjective_noun" name; withNumber adds a
// digit, for retries after collisions.
func RandomName(withNumber bool) string {
	n := adjectives[rand.IntN(len(adjectives))] + "_" + nouns[rand.IntN(len(nouns))]
	if withNumber {
		n += strconv.Itoa(rand.IntN(10))
	}
	return n
}
