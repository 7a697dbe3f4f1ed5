package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/spf13/pflag"

	"github.com/tent-dev/tent/internal/spec/runcspec"
)

func specCmd() *command {
	var bundle string
	var rootless bool
	return &command{
		name: "spec", usage: "[--rootless] [--bundle DIR]", maxArgs: 0,
		short: "write runc's default config.json into the bundle (never over one)",
		flags: func(f *pflag.FlagSet) {
			f.StringVarP(&bundle, "bundle", "b", "", "the bundle directory (default: the current directory)")
			f.BoolVar(&rootless, "rootless", false, "runc's rootless variant (user namespace: tent-runc create refuses it)")
		},
		run: func(_ *globals, _ []string) error { return writeSpec(bundle, rootless) },
	}
}

func writeSpec(bundle string, rootless bool) error {
	path := filepath.Join(bundle, "config.json")
	b, err := json.MarshalIndent(runcspec.Default(rootless), "", "\t")
	if err != nil {
		return fmt.Errorf("encode spec: %w", err)
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
	if errors.Is(err, fs.ErrExist) {
		return fmt.Errorf("file %s exists; remove it first", path)
	}
	if err != nil {
		return fmt.Errorf("write spec: %w", err)
	}
	if _, err := f.Write(append(b, '\n')); err != nil {
		f.Close()
		os.Remove(path)
		return fmt.Errorf("write spec: %w", err)
	}
	return f.Close()
}
