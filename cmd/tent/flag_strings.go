package main

import (
	"slices"
	"strings"

	"github.com/spf13/pflag"
)

// stringArray is pflag's stringArray flag (repeatable, each value kept as
// is; the first one given replaces the default) without the cost of its
// default: pflag writes every default as CSV, through a new csv.Writer and
// its 4 KiB buffer, as the flag is registered. tent registers about fifty
// such flags, all empty by default, for every command it runs.
type stringArray struct {
	p       *[]string
	changed bool
}

// stringArrayVarP registers a stringArray flag bound to p, empty by
// default (fs.StringArrayVarP(p, name, short, nil, usage)).
func stringArrayVarP(fs *pflag.FlagSet, p *[]string, name, short, usage string) {
	*p = nil
	fs.VarP(&stringArray{p: p}, name, short, usage)
	fs.Lookup(name).DefValue = "" // nothing for --help to print
}

// stringArrayVar is stringArrayVarP without a shorthand.
func stringArrayVar(fs *pflag.FlagSet, p *[]string, name, usage string) {
	stringArrayVarP(fs, p, name, "", usage)
}

func (s *stringArray) Set(v string) error {
	if !s.changed {
		*s.p, s.changed = nil, true
	}
	*s.p = append(*s.p, v)
	return nil
}

func (s *stringArray) Type() string { return "stringArray" }

func (s *stringArray) String() string { return "[" + strings.Join(*s.p, ",") + "]" }

// Append, Replace and GetSlice make it a pflag.SliceValue, as pflag's is.
func (s *stringArray) Append(v string) error {
	*s.p = append(*s.p, v)
	return nil
}

func (s *stringArray) Replace(v []string) error {
	*s.p = slices.Clone(v)
	return nil
}

func (s *stringArray) GetSlice() []string { return slices.Clone(*s.p) }
