package main

func init() { register("pull", newPullCmd) }

var newPullCmd = helperCommand("pull", "pull [--platform OS/ARCH] [-q] IMAGE", "Pull an image from a registry")
