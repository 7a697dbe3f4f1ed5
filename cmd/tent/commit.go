package main

func init() { register("commit", newCommitCmd) }

// newCommitCmd execs tent-image commit: the image archive, layer and
// compression code stays out of tent.
var newCommitCmd = helperCommand("commit", "commit [-m MESSAGE] [-a AUTHOR] [-c INSTRUCTION]... [--pause=false] CONTAINER [REPOSITORY[:TAG]]",
	"Create an image from a container's changes")
