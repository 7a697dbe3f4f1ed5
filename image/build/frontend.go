package build

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/moby/buildkit/frontend/dockerfile/instructions"
	"github.com/moby/buildkit/frontend/dockerfile/parser"
)

// Dockerfile is a parsed Dockerfile: its stages in order and the ARGs
// before the first FROM.
type Dockerfile struct {
	Name     string // for error messages: "Dockerfile"
	Stages   []instructions.Stage
	MetaArgs []instructions.ArgCommand
	Escape   rune
}

// LineError is an error of one Dockerfile line: "Dockerfile:7: COPY
// failed: …".
type LineError struct {
	File string
	Line int
	Op   string // the instruction, "" for a parse error
	Err  error
}

func (e *LineError) Error() string {
	if e.Op == "" {
		return fmt.Sprintf("%s:%d: %v", e.File, e.Line, e.Err)
	}
	return fmt.Sprintf("%s:%d: %s failed: %v", e.File, e.Line, e.Op, e.Err)
}

func (e *LineError) Unwrap() error { return e.Err }

// maxDockerfile bounds the Dockerfile read.
const maxDockerfile = 4 << 20

// ParseDockerfile parses a Dockerfile with buildkit's parser and turns
// each instruction into its typed command. An error names the line.
func ParseDockerfile(name string, src []byte) (*Dockerfile, error) {
	if len(src) > maxDockerfile {
		return nil, fmt.Errorf("%s: over %d bytes", name, maxDockerfile)
	}
	res, err := parser.Parse(bytes.NewReader(src))
	if err != nil {
		return nil, &LineError{File: name, Line: errLine(err), Err: cleanErr(err)}
	}
	df := &Dockerfile{Name: name, Escape: res.EscapeToken}
	for _, n := range res.AST.Children {
		cmd, err := instructions.ParseInstruction(n)
		if err != nil {
			return nil, &LineError{File: name, Line: n.StartLine, Err: cleanErr(err)}
		}
		if err := df.add(cmd); err != nil {
			return nil, &LineError{File: name, Line: n.StartLine, Err: err}
		}
	}
	if len(df.Stages) == 0 {
		return nil, fmt.Errorf("%s: no FROM instruction: a Dockerfile must start a stage with FROM", name)
	}
	return df, nil
}

func (df *Dockerfile) add(cmd any) error {
	switch c := cmd.(type) {
	case *instructions.Stage:
		df.Stages = append(df.Stages, *c)
	case *instructions.ArgCommand:
		if len(df.Stages) == 0 {
			df.MetaArgs = append(df.MetaArgs, *c)
			return nil
		}
		df.last().AddCommand(c)
	case instructions.Command:
		if len(df.Stages) == 0 {
			return fmt.Errorf("%s before the first FROM: only ARG may come before it", strings.ToUpper(c.Name()))
		}
		df.last().AddCommand(c)
	default:
		return fmt.Errorf("%T is not an instruction", cmd)
	}
	return nil
}

func (df *Dockerfile) last() *instructions.Stage { return &df.Stages[len(df.Stages)-1] }

// StageIndex finds a stage by name (case-insensitive) or index.
func (df *Dockerfile) StageIndex(name string) (int, bool) {
	for i, s := range df.Stages {
		if s.Name != "" && strings.EqualFold(s.Name, name) {
			return i, true
		}
	}
	var i int
	if _, err := fmt.Sscanf(name, "%d", &i); err == nil && fmt.Sprint(i) == name && i >= 0 && i < len(df.Stages) {
		return i, true
	}
	return 0, false
}

// line is the first line of a command.
func line(c instructions.Command) int {
	if loc := c.Location(); len(loc) > 0 {
		return loc[0].Start.Line
	}
	return 0
}

func errLine(err error) int {
	var le *parser.LocationError
	if errors.As(err, &le) && len(le.Locations) > 0 && len(le.Locations[0]) > 0 {
		return le.Locations[0][0].Start.Line
	}
	return 0
}

// cleanErr drops buildkit's location wrapper (the line is ours to print).
func cleanErr(err error) error {
	var le *parser.LocationError
	if errors.As(err, &le) {
		return errors.New(le.Error())
	}
	return err
}

type parserRange = parser.Range
