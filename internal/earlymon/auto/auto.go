// Package auto starts a run -d's monitor from its init (earlymon.Spawn):
// imported for that alone by cmd/tent, whose other packages it precedes.
package auto

import "github.com/tent-dev/tent/internal/earlymon"

func init() { earlymon.Spawn() }
