package main

func init() { register("push", newPushCmd) }

var newPushCmd = helperCommand("push", "push [-q] NAME[:TAG]", "Push an image to a registry")
