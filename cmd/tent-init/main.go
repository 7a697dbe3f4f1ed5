package main

import (
	"fmt"
	"os"

	"github.com/tent-dev/tent/runtime"
)

func main() {
	if len(os.Args) < 2 || os.Args[1] != runtime.InitArg {
		fmt.Fprintf(os.Stderr, "%s: only the tent runtime runs this (as %s)\n", os.Args[0], runtime.InitArg)
		os.Exit(2)
	}
	err := runtime.Init() // never returns on success
	fmt.Fprintf(os.Stderr, "tent: container init: %v\n", err)
	os.Exit(127)
}
